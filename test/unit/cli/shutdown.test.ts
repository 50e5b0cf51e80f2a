import { afterEach, describe, expect, it } from 'vitest';
import { type Shutdown, stopOnSignals } from '#lib/cli/shutdown';

/** A shutdown whose exit is recorded rather than taken. */
const recorded = (options: { stopTimeoutMs?: number; startGraceMs?: number } = {}) => {
  const events: string[] = [];
  let exited: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const shutdown = stopOnSignals({
    ...options,
    announce: (signal) => events.push(`announce ${signal}`),
    exit: (code) => {
      events.push(`exit ${code}`);
      exited(code);
    },
  });
  return { shutdown, events, exit };
};

const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('stopping a long-running command on SIGINT or SIGTERM', () => {
  let shutdown: Shutdown | undefined;

  afterEach(() => shutdown?.release());

  it('waits for a part still starting, then stops it and the parts before it, the last started first', async () => {
    // Prepare
    const run = recorded();
    shutdown = run.shutdown;
    await shutdown.start(Promise.resolve('db'), (p) => void run.events.push(`stop ${p}`));
    const api = deferred<string>();
    const starting = shutdown.start(api.promise, (p) => void run.events.push(`stop ${p}`));
    let returned = false;
    void starting.then(() => {
      returned = true;
    });

    // Act
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    const beforeStarted = [...run.events];
    api.resolve('api');
    const code = await run.exit;

    // Assess
    expect(beforeStarted).toEqual(['announce SIGTERM']);
    expect(run.events).toEqual(['announce SIGTERM', 'stop api', 'stop db', 'exit 0']);
    expect(code).toBe(0);
    expect(returned).toBe(false);
  });

  it('exits at once, with 1, on a second signal while stopping', async () => {
    // Prepare
    const run = recorded();
    shutdown = run.shutdown;
    shutdown.defer(() => new Promise<void>(() => undefined));

    // Act
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    const code = await run.exit;

    // Assess
    expect(code).toBe(1);
    expect(run.events).toEqual(['announce SIGINT', 'exit 1']);
  });

  it('exits with 1 when stopping takes longer than allowed', async () => {
    // Prepare
    const run = recorded({ stopTimeoutMs: 50 });
    shutdown = run.shutdown;
    shutdown.defer(() => new Promise<void>(() => undefined));

    // Act
    process.emit('SIGTERM', 'SIGTERM');
    const code = await run.exit;

    // Assess
    expect(code).toBe(1);
  });

  it('stops whatever started when the command itself gives up, and not twice', async () => {
    // Prepare
    const run = recorded();
    shutdown = run.shutdown;
    await shutdown.start(Promise.resolve('db'), (p) => void run.events.push(`stop ${p}`));
    const failing = shutdown.start(Promise.reject(new Error('EADDRINUSE')), () => undefined);

    // Act
    await expect(failing).rejects.toThrow('EADDRINUSE');
    await Promise.all([shutdown.stopAll(), shutdown.stopAll()]);

    // Assess
    expect(run.events).toEqual(['stop db']);
  });
});
