/**
 * Timers tied to an abort signal: once it aborts, every pending timer is cleared and every
 * sleep resolves at once, so a run stops without leaving anything scheduled.
 * @example
 * const timers = new Timers(signal);
 * timers.after(1_000, () => console.log('tick'));
 * await timers.sleep(500); // resolves early when `signal` aborts
 */
export class Timers {
  readonly #pending = new Map<ReturnType<typeof setTimeout>, () => void>();
  readonly #signal: AbortSignal;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener('abort', () => this.clear(), { once: true });
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Runs `fn` after `ms` unless the signal aborts first. */
  after(ms: number, fn: () => void): void {
    this.#schedule(ms, fn, () => {});
  }

  /** Resolves after `ms`, or as soon as the signal aborts. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#schedule(ms, resolve, resolve));
  }

  /** Clears every pending timer (sleeps resolve). */
  clear(): void {
    for (const [handle, onCancel] of this.#pending) {
      clearTimeout(handle);
      onCancel();
    }
    this.#pending.clear();
  }

  #schedule(ms: number, fn: () => void, onCancel: () => void): void {
    if (this.#signal.aborted) {
      onCancel();
      return;
    }
    const handle = setTimeout(
      () => {
        this.#pending.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    this.#pending.set(handle, onCancel);
  }
}
