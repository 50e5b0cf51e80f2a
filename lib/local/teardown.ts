/** One way to stop something that was started. */
export type Stopper = () => Promise<void> | void;

/**
 * What has been started so far and how to stop it: {@link Teardown.run} stops it all, the last
 * started first, and runs every stopper even when one fails. Used so that a start that fails
 * half-way stops what it had already started, and a stop stops everything.
 * @example
 * const teardown = new Teardown();
 * try {
 *   const db = await startDb(); teardown.add(() => db.close());
 *   const api = await startApi(); teardown.add(() => api.close());
 * } catch (e) { await teardown.run(); throw e; }
 */
export class Teardown {
  private readonly stoppers: Stopper[] = [];
  private running?: Promise<void>;

  /** Registers how to stop something that has just started. */
  add(stop: Stopper): void {
    this.stoppers.push(stop);
  }

  /**
   * Stops everything registered, last first; the same promise on every call.
   * @throws the first stopper's error, once every stopper has run
   */
  run(): Promise<void> {
    this.running ??= (async () => {
      const errors: unknown[] = [];
      for (let stop = this.stoppers.pop(); stop; stop = this.stoppers.pop()) {
        try {
          await stop();
        } catch (e) {
          errors.push(e);
        }
      }
      if (errors.length > 0) throw errors[0];
    })();
    return this.running;
  }
}
