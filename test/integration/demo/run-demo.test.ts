import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decisionSchema } from '#contract/decision';
import { seededRandom } from '../../../lib/demo/random.ts';
import { type DemoEvent, runDemo, runDemoBurst } from '../../../lib/demo/run-demo.ts';

const API_KEY = 'aiops_demo0000_loopbackloopbackloopback';

interface Recorded {
  readonly path: string;
  readonly method: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly status: number;
}

interface FakeApiOptions {
  /** Connections to drop (socket destroyed, no answer) before answering normally. */
  readonly drop?: number;
  /** Delay before each answer. */
  readonly delayMs?: number;
  /** Fixed status instead of 201 (new body) / 200 (a body seen before). */
  readonly status?: number;
}

/** A loopback API stand-in that records requests as they arrive: 201 for a new body, 200 for a repeat (same path and body). */
async function startFakeApi(options: FakeApiOptions = {}) {
  const requests: Recorded[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (dropped < (options.drop ?? 0)) {
      dropped++;
      req.socket.destroy();
      return;
    }
    const { url = '', method = '', headers } = req;
    const status = options.status ?? (seen.has(`${url} ${body}`) ? 200 : 201);
    seen.add(`${url} ${body}`);
    requests.push({
      path: url,
      method,
      authorization: headers.authorization,
      contentType: headers['content-type'],
      body,
      status,
    });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'accepted' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(close);
  return { url: `http://127.0.0.1:${port}`, requests, dropped: () => dropped };
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The decision ids a request is about, in the order the server got them. */
const decisionIdsOf = (r: Recorded): string[] => {
  const execution = r.path.match(/^\/v1\/decisions\/([^/]+)\/(execution|feedback)$/);
  if (execution) return [execution[1] as string];
  if (r.path !== '/v1/decisions') return [];
  const body = JSON.parse(r.body);
  return 'decisions' in body
    ? body.decisions.map((d: { decisionId: string }) => d.decisionId)
    : [body.decisionId];
};

describe('runDemoBurst against a loopback API', () => {
  it('sends heartbeats, decisions, executions and feedback with the bearer key as JSON', async () => {
    // Prepare
    const api = await startFakeApi();

    // Act
    const stats = await runDemoBurst({
      url: api.url,
      apiKey: API_KEY,
      decisions: 120,
      random: seededRandom(1),
    });

    // Assess
    const paths = new Set(
      api.requests.map((r) => r.path.replace(/\/v1\/decisions\/[^/]+\//, '/v1/decisions/{id}/')),
    );
    expect([...paths].sort()).toEqual(
      [
        '/v1/decisions',
        '/v1/decisions/{id}/execution',
        '/v1/decisions/{id}/feedback',
        '/v1/heartbeats',
      ].sort(),
    );
    for (const r of api.requests) {
      expect(r.method).toBe('POST');
      expect(r.authorization).toBe(`Bearer ${API_KEY}`);
      expect(r.contentType).toBe('application/json');
    }
    const decisions = api.requests
      .filter((r) => r.path === '/v1/decisions')
      .flatMap((r) => {
        const body = JSON.parse(r.body);
        return 'decisions' in body ? body.decisions : [body];
      });
    expect(new Set(decisions.map((d) => d.decisionId)).size).toBe(120);
    expect(decisions.every((d) => decisionSchema.safeParse(d).success)).toBe(true);
    expect(api.requests.filter((r) => r.path === '/v1/heartbeats')).toHaveLength(6);
    expect(stats.sent.decisions).toBe(120);
    expect(stats.sent.executions).toBe(120);
    expect(stats.requests).toBe(api.requests.length);
  });

  it('sends some executions before their decisions, and resends some events (answered as duplicates)', async () => {
    // Prepare
    const api = await startFakeApi();

    // Act
    const stats = await runDemoBurst({
      url: api.url,
      apiKey: API_KEY,
      decisions: 300,
      random: seededRandom(2),
    });

    // Assess
    const first = new Map<string, { decision?: number; execution?: number }>();
    api.requests.forEach((r, index) => {
      const kind = r.path.endsWith('/execution')
        ? 'execution'
        : r.path === '/v1/decisions'
          ? 'decision'
          : undefined;
      for (const id of kind ? decisionIdsOf(r) : []) {
        const seen = first.get(id) ?? {};
        if (kind && seen[kind] === undefined) seen[kind] = index;
        first.set(id, seen);
      }
    });
    const early = [...first.values()].filter((s) => (s.execution ?? Infinity) < (s.decision ?? -1));
    expect(early.length).toBeGreaterThan(0);
    expect(stats.executionsBeforeDecision).toBe(early.length);
    const repeated = api.requests.filter((r) => r.status === 200);
    expect(repeated.length).toBeGreaterThan(0);
    expect(stats.resends).toBeGreaterThanOrEqual(repeated.length);
    expect(stats.resendsAnsweredDuplicate).toBe(repeated.length);
  });

  it('retries requests that got no answer, with backoff, and loses nothing', async () => {
    // Prepare
    const api = await startFakeApi({ drop: 3 });

    // Act
    const stats = await runDemoBurst({
      url: api.url,
      apiKey: API_KEY,
      decisions: 20,
      random: seededRandom(3),
    });

    // Assess
    expect(api.dropped()).toBe(3);
    expect(stats.networkErrors).toBe(3);
    expect(stats.retries).toBe(3);
    expect(stats.gaveUp).toBe(0);
    const ids = new Set(api.requests.filter((r) => r.path === '/v1/decisions').flatMap(decisionIdsOf));
    expect(ids.size).toBe(20);
  });

  it('counts HTTP errors by status instead of throwing', async () => {
    // Prepare
    const api = await startFakeApi({ status: 422 });
    const events: DemoEvent[] = [];

    // Act
    const stats = await runDemoBurst({
      url: api.url,
      apiKey: API_KEY,
      decisions: 10,
      random: seededRandom(4),
      onEvent: (e) => events.push(e),
    });

    // Assess
    expect(stats.byStatus).toEqual({ 422: api.requests.length });
    expect(events).toHaveLength(api.requests.length);
    expect(events.every((e) => e.status === 422 && e.attempt === 1)).toBe(true);
    expect(stats.retries).toBe(0);
  });
});

describe('runDemo against a loopback API', () => {
  it('sends steady traffic until aborted, then stops within about 100 ms and sends nothing more', async () => {
    // Prepare
    const api = await startFakeApi({ delayMs: 30 });
    const stop = new AbortController();
    const events: DemoEvent[] = [];
    const run = runDemo({
      url: api.url,
      apiKey: API_KEY,
      decisionsPerMinute: 1_200,
      heartbeatIntervalMs: 100,
      signal: stop.signal,
      onEvent: (e) => events.push(e),
    });
    await new Promise((r) => setTimeout(r, 1_000));

    // Act
    const abortedAt = performance.now();
    stop.abort();
    const stats = await run;
    const stoppedIn = performance.now() - abortedAt;
    const countAtStop = api.requests.length;
    await new Promise((r) => setTimeout(r, 400));

    // Assess
    expect(stoppedIn).toBeLessThan(100);
    expect(api.requests.length).toBe(countAtStop);
    expect(stats.sent.heartbeats).toBeGreaterThan(20);
    expect(stats.sent.decisions).toBeGreaterThan(5);
    expect(new Set(events.map((e) => e.kind))).toContain('heartbeat');
    expect(events.length).toBe(stats.requests);
  });

  it('returns at once when the signal is already aborted', async () => {
    // Prepare
    const api = await startFakeApi();

    // Act
    const stats = await runDemo({ url: api.url, apiKey: API_KEY, signal: AbortSignal.abort() });

    // Assess
    expect(stats.requests).toBe(0);
    expect(api.requests).toHaveLength(0);
  });
});
