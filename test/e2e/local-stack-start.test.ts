import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startLocalStack } from '../../lib/local/stack.ts';
import { eventually } from '../support/eventually.ts';
import { descendants, killLeft, listeningSockets, running, snapshot } from '../support/process-tree.ts';

const listening = async () =>
  (await listeningSockets([process.pid, ...(await descendants(process.pid))]))
    .map((s) => `${s.address}:${s.port}`)
    .sort();

describe('a local stack that fails half-way through starting', () => {
  it('stops every part it had started (DynamoDB Local, pipeline, replica, broker) before it rejects', async () => {
    // Prepare: the API's port is taken, so the gateway, started last, fails
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
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
    const start = startLocalStack({
      port,
      tablePrefix: `t${randomBytes(4).toString('hex')}`,
      mqtt: { port: 0 },
    });

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
  }, 120_000);

  it('stops what started before the broker (DynamoDB Local, pipeline, replica) when the broker cannot listen', async () => {
    // Prepare: the broker's port is taken, so the MQTT side, started after the pipeline and the replica, fails
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const brokerPort = (taken.address() as { port: number }).port;
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
    const start = startLocalStack({
      port: 0,
      tablePrefix: `t${randomBytes(4).toString('hex')}`,
      mqtt: { port: brokerPort },
    });

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
  }, 120_000);
});
