import { Teardown } from '../local/teardown.ts';

/** Signals that ask a long-running command to stop (SIGHUP is left alone, so `nohup` still works). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** Told which signal arrived, once. @default nothing */
  readonly announce?: (signal: NodeJS.Signals) => void;
  /** How long a stop waits for a start in progress to finish before stopping what is up. @default 15_000 */
  readonly startGraceMs?: number;
  /** How long stopping may take before the process exits anyway. @default 20_000 */
  readonly stopTimeoutMs?: number;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
}

/** A long-running command's parts, stopped on SIGINT or SIGTERM. */
export interface Shutdown {
  /**
   * Waits for a part to start and registers how to stop it. A signal that arrives meanwhile
   * waits for it (up to `startGraceMs`), then stops it with the rest; the promise then never
   * settles, as the process is exiting.
   */
  start<T>(starting: Promise<T>, stop: (started: T) => Promise<void> | void): Promise<T>;
  /** Registers how to stop something already running. */
  defer(stop: () => Promise<void> | void): void;
  /** Stops every registered part, the last started first (once; later calls get the same promise). */
  stopAll(): Promise<void>;
  /** Removes the signal handlers. */
  release(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Makes SIGINT and SIGTERM, whenever they arrive (start-up included), stop every part the
 * command registered, the last started first, and exit 0. A second signal, or a stop that
 * takes longer than `stopTimeoutMs`, exits at once with 1 (a child such as DynamoDB Local
 * still exits with this process: it watches its stdin).
 * @example
 * const shutdown = stopOnSignals({ announce: (s) => console.log(`${s}: stopping`) });
 * const stack = await shutdown.start(startLocalStack(), (s) => s.stop());
 */
export function stopOnSignals(options: StopOnSignalsOptions = {}): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const teardown = new Teardown();
  let starting: Promise<unknown> = Promise.resolve();
  let requested = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) return exit(1);
    requested = true;
    options.announce?.(signal);
    void sleep(options.stopTimeoutMs ?? 20_000).then(() => exit(1));
    void Promise.race([starting.catch(() => undefined), sleep(options.startGraceMs ?? 15_000)])
      .then(() => teardown.run())
      .then(
        () => exit(0),
        () => exit(1),
      );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    start: async (promise, stop) => {
      starting = promise;
      const started = await promise;
      teardown.add(() => stop(started));
      return requested ? new Promise<never>(() => undefined) : started;
    },
    defer: (stop) => teardown.add(stop),
    stopAll: () => teardown.run(),
    release: () => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    },
  };
}
