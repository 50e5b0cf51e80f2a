import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type LocalStackOptions, startLocalStack } from '../../lib/local/stack.ts';
import { eventually } from '../support/eventually.ts';
import { descendants, killLeft, listeningSockets, running, snapshot } from '../support/process-tree.ts';

const listening = async () =>
  (await listeningSockets([process.pid, ...(await descendants(process.pid))]))
    .map((s) => `${s.address}:${s.port}`)
    .sort();

/** A loopback port some other server holds for the rest of the test. */
async function takenPort(): Promise<number> {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
  return (taken.address() as { port: number }).port;
}

/**
 * Starts the stack with `options`, which make one part fail, and checks that it rejects with
 * EADDRINUSE having stopped every child process it started and closed every port it opened.
 */
async function expectCleanFailure(options: LocalStackOptions): Promise<void> {
  const before = await listening();
  const children = new Map<number, string>();
  const watch = setInterval(
    () =>
      void descendants(process.pid)
        .then(snapshot)
        .then((s) => {
          for (const [pid, start] of s) children.set(pid, start);
        }),
    100,
  );
  onTestFinished(() => {
    clearInterval(watch);
    return killLeft(children);
  });

  // Act
  const start = startLocalStack({ tablePrefix: `t${randomBytes(4).toString('hex')}`, ...options });

  // Assess
  await expect(start).rejects.toThrow(/EADDRINUSE/);
  clearInterval(watch);
  expect(children.size).toBeGreaterThan(0);
  await eventually(
    async () => ((await running(children)).length === 0 ? true : undefined),
    10_000,
    'Java to exit',
  );
  expect(await listening()).toEqual(before);
}

describe('a local stack that fails half-way through starting', () => {
  it('stops every part it had started (DynamoDB Local, pipeline, replica, broker) before it rejects', async () => {
    // Prepare: the API's port is taken, so the gateway, started last, fails
    const port = await takenPort();
    await expectCleanFailure({ port, mqtt: { port: 0 } });
  }, 120_000);

  it('stops what started before the broker (DynamoDB Local, pipeline, replica) when the broker cannot listen', async () => {
    // Prepare: the broker's port is taken, so the MQTT side, started after the pipeline and the replica, fails
    const brokerPort = await takenPort();
    await expectCleanFailure({ port: 0, mqtt: { port: brokerPort } });
  }, 120_000);
});
