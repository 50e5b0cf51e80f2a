import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleFailedExecution } from '../support/samples.ts';

let api: TestApi;
const ids = { dns: [] as string[], mail: [] as string[], failed: [] as string[], low: [] as string[] };
const base = Date.now() - 3_600_000;
const at = (minute: number) => new Date(base + minute * 60_000).toISOString();

beforeAll(async () => {
  api = await startTestApi();
  // 30 decisions on two appliances, one a minute; every fifth failed; every third low-confidence.
  const batch = Array.from({ length: 30 }, (_, i) =>
    sampleDecision({
      applianceId: i % 2 === 0 ? 'appl-dns-01' : 'appl-mail-01',
      occurredAt: at(i),
      confidence: i % 3 === 0 ? 0.3 + i / 1000 : 0.9,
    }),
  );
  await api.request('POST', '/v1/decisions', { json: { decisions: batch } });
  for (const [i, d] of batch.entries()) {
    const id = d.decisionId as string;
    (i % 2 === 0 ? ids.dns : ids.mail).push(id);
    if (i % 3 === 0) ids.low.push(id);
    const failed = i % 5 === 0;
    if (failed) ids.failed.push(id);
    await api.request('POST', `/v1/decisions/${id}/execution`, {
      json: failed ? sampleFailedExecution() : sampleExecution(),
    });
  }
});
afterAll(() => api?.stop());

const list = async (query: string) => {
  const res = await api.request('GET', `/v1/decisions?${query}`);
  expect(res.status).toBe(200);
  return res.body as {
    items: { decisionId: string; occurredAt: string; confidence: number }[];
    nextCursor?: string;
  };
};

describe('GET /v1/decisions', () => {
  it('lists newest first and pages with an opaque cursor through every item exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.decisionId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(pages).toBe(5);
    const first = await list('limit=30');
    const times = first.items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters by appliance, status and confidence, alone and together', async () => {
    expect((await list('applianceId=appl-dns-01&limit=100')).items.map((i) => i.decisionId).sort()).toEqual(
      [...ids.dns].sort(),
    );
    expect((await list('executionStatus=failed&limit=100')).items.map((i) => i.decisionId).sort()).toEqual(
      [...ids.failed].sort(),
    );
    const low = await list('maxConfidence=0.5&limit=100');
    expect(low.items.map((i) => i.decisionId).sort()).toEqual([...ids.low].sort());
    expect(low.items.map((i) => i.confidence)).toEqual([...low.items.map((i) => i.confidence)].sort());
    const both = await list('applianceId=appl-dns-01&executionStatus=failed&limit=100');
    expect(both.items.map((i) => i.decisionId).sort()).toEqual(
      ids.failed.filter((id) => ids.dns.includes(id)).sort(),
    );
  });

  it('bounds by time, inclusive on both ends', async () => {
    const res = await list(
      `since=${encodeURIComponent(at(10))}&until=${encodeURIComponent(at(14))}&limit=100`,
    );
    expect(res.items).toHaveLength(5);
    const lowInWindow = await list(`maxConfidence=0.5&since=${encodeURIComponent(at(10))}&limit=100`);
    expect(lowInWindow.items.every((i) => i.occurredAt >= at(10))).toBe(true);
    expect(lowInWindow.items).toHaveLength(ids.low.length - 4);
  });

  it('refuses a cursor from another query', async () => {
    const page = await list('limit=2');
    const res = await api.request('GET', `/v1/decisions?applianceId=appl-dns-01&cursor=${page.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_cursor');
  });
});

describe('GET /health and /openapi.json', () => {
  it('reports every dependency', async () => {
    const res = await api.request('GET', '/health', { key: null });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.checks).sort()).toEqual([
      'dynamodb:appliances',
      'dynamodb:decisions',
      'dynamodb:keys',
      'dynamodb:metrics',
    ]);
  });

  it('serves the OpenAPI document without a key', async () => {
    const res = await api.request('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(res.body.paths)).toContain('/v1/decisions');
  });
});
