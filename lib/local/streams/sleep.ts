/**
 * Waits that end early when the mapping stops or is woken.
 */

/**
 * Resolves after `ms`, or at once when `signal` aborts (never rejects).
 * @example
 * await sleep(250, stopping.signal);
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A wait that can be cut short by {@link Alarm.wake}. */
export interface Alarm {
  /** Waits `ms`, or less when woken or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  /** Ends the current wait (or the next one, if none is running). */
  wake(): void;
}

/**
 * An {@link Alarm}: the shard discovery loop waits on one, `drained()` wakes it.
 * @example
 * const alarm = createAlarm(); await alarm.wait(5_000, signal); // elsewhere: alarm.wake()
 */
export function createAlarm(): Alarm {
  let woken = new AbortController();
  return {
    wait: async (ms, signal) => {
      await sleep(ms, AbortSignal.any([signal, woken.signal]));
      if (woken.signal.aborted) woken = new AbortController();
    },
    wake: () => woken.abort(),
  };
}
