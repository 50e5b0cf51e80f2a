/**
 * The README's `npm start`, run as a person, systemd, `timeout` or a CI script runs it: what
 * it listens on, what it prints while it answers, and how it stops.
 */
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { type Banner, type NpmStart, npmStart } from '../support/npm-start.ts';
import { isLoopbackAddress, listeningSockets, running } from '../support/process-tree.ts';
import { sampleDecision } from '../support/samples.ts';

const FREE_PORTS = ['--port', '0', '--mqtt-port', '0'];

const portOf = (url: string) => Number(new URL(url).port);

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('`npm start` on this machine', () => {
  let run: NpmStart;
  let banner: Banner;

  beforeAll(async () => {
    run = await npmStart([...FREE_PORTS, '--alerts-port', '0']);
    banner = await run.up();
  }, 180_000);

  afterAll(() => run?.cleanUp());

  it('listens on loopback only, in every process it starts', async () => {
    // Act
    const sockets = await listeningSockets([...(await run.tree()).keys()]);

    // Assess
    const announced = [banner.api, banner.dynamodb, banner.replica, banner.mqtt, banner.alerts];
    expect(announced.every(Boolean), run.output()).toBe(true);
    expect(sockets.map((s) => s.port)).toEqual(
      expect.arrayContaining(announced.map((url) => portOf(url as string))),
    );
    expect(sockets.filter((s) => !isLoopbackAddress(s.address))).toEqual([]);
  });

  it('shows a person no Powertools notice and no EMF while it answers requests', async () => {
    // Prepare
    const auth = { authorization: `Bearer ${banner.apiKey}`, 'content-type': 'application/json' };
    const before = run.output().length;

    // Act
    const statuses = [
      (await fetch(`${banner.api}/health`)).status,
      (await fetch(`${banner.api}/v1/decisions`, { headers: auth })).status,
      (
        await fetch(`${banner.api}/v1/decisions`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(sampleDecision()),
        })
      ).status,
      (await fetch(`${banner.api}/v1/decisions`, { method: 'POST', headers: auth, body: '{"bad":' })).status,
      (await fetch(`${banner.api}/v1/appliances`, { headers: auth })).status,
    ];
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Assess
    expect(statuses).toEqual([200, 200, 201, 400, 200]);
    const printed = run.output().slice(before);
    expect(printed).not.toMatch(/No application metrics/);
    expect(printed).not.toMatch(/"_aws"/);
  });
});

describe('stopping `npm start` with a signal to npm alone', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s stops every process it started, Java included, frees every port and removes its state file',
    async (signal) => {
      // Prepare
      const run = await npmStart(FREE_PORTS);
      onTestFinished(() => run.cleanUp());
      await run.up();
      const tree = await run.tree();
      const ports = (await listeningSockets([...tree.keys()])).map((s) => s.port);
      expect(ports.length).toBeGreaterThanOrEqual(4);

      // Act
      process.kill(run.npm.pid as number, signal);

      // Assess
      const left = await eventually(
        async () => ((await running(tree)).length === 0 ? [] : undefined),
        15_000,
        'every process to exit',
        { timeoutMessage: () => `still running after ${signal}:\n${run.output()}` },
      ).catch(async () => running(tree));
      expect(left).toEqual([]);
      await run.exited;
      const free = await Promise.all(ports.map((port) => portIsFree(port)));
      expect(free.every(Boolean)).toBe(true);
      expect(await exists(join(run.cwd, '.aiops', 'local.json'))).toBe(false);
    },
    180_000,
  );
});

describe('`npm start` that fails half-way through starting', () => {
  it('says why, exits non-zero and leaves nothing running', async () => {
    // Prepare: the API port is taken; DynamoDB Local, the pipeline, the replica and the broker start first
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const run = await npmStart(['--port', String(port), '--mqtt-port', '0']);
    onTestFinished(() => run.cleanUp());
    const seen = new Map<number, string>();
    const watch = setInterval(
      () =>
        void run.tree().then((t) => {
          for (const [pid, start] of t) seen.set(pid, start);
        }),
      200,
    );
    onTestFinished(() => clearInterval(watch));

    // Act
    const status = await run.exited;
    clearInterval(watch);

    // Assess
    expect(status).not.toBe(0);
    expect(run.output()).toMatch(/EADDRINUSE|in use/);
    await eventually(
      async () => ((await running(seen)).length === 0 ? true : undefined),
      10_000,
      'nothing left',
    );
  }, 180_000);
});

/** Whether `port` can be listened on again on loopback. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
