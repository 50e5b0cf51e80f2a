/**
 * Bad input, part 9: cursors. A cursor is opaque but readable (base64url JSON of the index and
 * the key to resume after), so a client can change it. Whatever it changes, every route that
 * takes a cursor answers 400 `invalid_cursor` (never 500 from DynamoDB refusing the start
 * key), lists nothing, and a cursor only resumes the query, index and tenant it came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleHeartbeat,
} from '../support/samples.ts';
import { expectProblem, send } from './bad-input-helpers.ts';

let api: TestApi;
let otherKey: string;
const base = Date.now() - 3_600_000;
const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
const since = encodeURIComponent(at(2));
const until = encodeURIComponent(at(20));

/** Every list query that answers with a cursor, one per index and key condition. */
const QUERIES = {
  byTenant: '/v1/decisions?limit=2',
  byTenantWindow: `/v1/decisions?limit=2&since=${since}&until=${until}`,
  byAppliance: '/v1/decisions?limit=2&applianceId=appl-dns-01',
  byStatus: '/v1/decisions?limit=2&executionStatus=failed',
  byConfidence: '/v1/decisions?limit=2&maxConfidence=0.5',
  appliances: '/v1/appliances?limit=2',
} as const;
type QueryName = keyof typeof QUERIES;

/** What a test sends as a list call: the dev tenant's key unless told. */
const get = (path: string, key?: string) => send(api, { method: 'GET', path, ...(key ? { key } : {}) });

async function seed(key: string | undefined, tenantMark: string): Promise<void> {
  const batch = Array.from({ length: 12 }, (_, i) =>
    sampleDecision({
      applianceId: i % 2 === 0 ? 'appl-dns-01' : 'appl-mail-01',
      occurredAt: at(i * 2),
      confidence: i % 3 === 0 ? 0.3 : 0.9,
      query: `${tenantMark} query ${i}`,
    }),
  );
  const res = await send(api, {
    method: 'POST',
    path: '/v1/decisions',
    json: { decisions: batch },
    ...(key ? { key } : {}),
  });
  expect(res.status, res.text).toBe(200);
  for (const [i, d] of batch.entries()) {
    await send(api, {
      method: 'POST',
      path: `/v1/decisions/${d.decisionId}/execution`,
      json: i % 4 === 0 ? sampleFailedExecution() : sampleExecution(),
      ...(key ? { key } : {}),
    });
  }
  for (const n of [1, 2, 3, 4, 5]) {
    await send(api, {
      method: 'POST',
      path: '/v1/heartbeats',
      json: sampleHeartbeat({ applianceId: `appl-${tenantMark}-${n}` }),
      ...(key ? { key } : {}),
    });
  }
}

/** A genuine cursor of a query (the first page's `nextCursor`). */
async function cursorOf(name: QueryName, key?: string): Promise<string> {
  const res = await get(QUERIES[name], key);
  expect(res.status, res.text).toBe(200);
  expect(res.body.nextCursor, `${name} has a second page`).toEqual(expect.any(String));
  return res.body.nextCursor as string;
}

type CursorJson = { i: unknown; k: unknown; [other: string]: unknown };
const decode = (cursor: string): CursorJson => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The cursor with its key changed by `edit`. */
const withKey = (cursor: string, edit: (k: Record<string, unknown>) => unknown): string => {
  const c = decode(cursor);
  return encode({ ...c, k: edit({ ...(c.k as Record<string, unknown>) }) });
};
/** The name of the index's sort attribute in a cursor key (the one that is neither pk, sk nor a partition). */
const SORT_ATTR: Record<QueryName, string> = {
  byTenant: 'tsk',
  byTenantWindow: 'tsk',
  byAppliance: 'tsk',
  byStatus: 'tsk',
  byConfidence: 'confidenceKey',
  appliances: 'applianceId',
};

/** Ways to tamper with a genuine cursor of a query. */
const TAMPERINGS: { name: string; tamper: (cursor: string, query: QueryName) => string }[] = [
  { name: 'an extra key attribute', tamper: (c) => withKey(c, (k) => ({ ...k, extra: 'x' })) },
  {
    name: 'an extra attribute named like a table key',
    tamper: (c) => withKey(c, (k) => ({ ...k, sk: 'LATEST', pk2: 'x' })),
  },
  {
    name: 'the table key missing',
    tamper: (c) =>
      withKey(c, (k) => {
        delete k.pk;
        return k;
      }),
  },
  {
    name: 'the sort key missing',
    tamper: (c, q) =>
      withKey(c, (k) => {
        delete k[SORT_ATTR[q]];
        return k;
      }),
  },
  { name: 'the sort key a number', tamper: (c, q) => withKey(c, (k) => ({ ...k, [SORT_ATTR[q]]: 5 })) },
  { name: 'the sort key empty', tamper: (c, q) => withKey(c, (k) => ({ ...k, [SORT_ATTR[q]]: '' })) },
  {
    name: 'the sort key in DynamoDB JSON',
    tamper: (c, q) => withKey(c, (k) => ({ ...k, [SORT_ATTR[q]]: { S: 'x' } })),
  },
  {
    name: 'the sort key over 1024 bytes',
    tamper: (c, q) => withKey(c, (k) => ({ ...k, [SORT_ATTR[q]]: 'é'.repeat(600) })),
  },
  { name: 'the table key null', tamper: (c) => withKey(c, (k) => ({ ...k, pk: null })) },
  { name: 'the key an array', tamper: (c) => withKey(c, () => ['pk']) },
  { name: 'the key a string', tamper: (c) => withKey(c, () => 'pk') },
  { name: 'the key empty', tamper: (c) => withKey(c, () => ({})) },
  { name: 'the index a number', tamper: (c) => encode({ ...decode(c), i: 5 }) },
  {
    name: 'the table key of another tenant',
    tamper: (c) => withKey(c, (k) => ({ ...k, pk: `other#${String(k.pk).split('#').at(-1)}` })),
  },
  { name: 'the query fingerprint dropped', tamper: (c) => encode({ i: decode(c).i, k: decode(c).k }) },
];

/** Sort keys outside the key condition of the queries that bound the sort key. */
const OUTSIDE_BOUNDS: { query: QueryName; name: string; sortKey: string }[] = [
  { query: 'byTenantWindow', name: 'before `since`', sortKey: '2000-01-01T00:00:00.000Z#x' },
  { query: 'byTenantWindow', name: 'after `until`', sortKey: '~~~~' },
  { query: 'byConfidence', name: 'above `maxConfidence`', sortKey: '0.9000#2026-01-01T00:00:00.000Z#x' },
];

beforeAll(async () => {
  api = await startTestApi();
  otherKey = (await api.createKey('globex', ['decisions:write', 'heartbeats:write', 'read'])).token;
  await seed(undefined, 'local');
  await seed(otherKey, 'globex');
});
afterAll(() => api?.stop());

describe('a changed cursor answers 400 invalid_cursor on every route that takes one', () => {
  const cases = (Object.keys(QUERIES) as QueryName[]).flatMap((query) =>
    TAMPERINGS.map((t) => ({ query, ...t })),
  );

  it.each(cases)('$query: $name', async ({ query, tamper }) => {
    // Prepare
    const cursor = tamper(await cursorOf(query), query);

    // Act
    const res = await get(`${QUERIES[query]}&cursor=${cursor}`);

    // Assess
    expectProblem(res, 400, 'invalid_cursor', [{ pointer: 'query:cursor', code: 'invalid_cursor' }]);
    expect(res.body).not.toHaveProperty('items');
  });

  it.each(OUTSIDE_BOUNDS)('$query: the sort key $name (outside the key condition)', async (c) => {
    // Prepare
    const cursor = withKey(await cursorOf(c.query), (k) => ({ ...k, [SORT_ATTR[c.query]]: c.sortKey }));

    // Act
    const res = await get(`${QUERIES[c.query]}&cursor=${cursor}`);

    // Assess
    expectProblem(res, 400, 'invalid_cursor');
  });

  it('the genuine cursors still resume their queries (so the cases above are not refused for another reason)', async () => {
    for (const query of Object.keys(QUERIES) as QueryName[]) {
      // Act
      const res = await get(`${QUERIES[query]}&cursor=${await cursorOf(query)}`);

      // Assess
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      expect(res.body.items.length, query).toBeGreaterThan(0);
    }
  });
});

describe('a cursor resumes only its own query, index and tenant', () => {
  const pairs: { name: string; from: QueryName; to: string }[] = [
    { name: 'another index (tenant time line → appliance)', from: 'byTenant', to: QUERIES.byAppliance },
    { name: 'another index (appliance → tenant time line)', from: 'byAppliance', to: QUERIES.byTenant },
    { name: 'another index (status → confidence)', from: 'byStatus', to: QUERIES.byConfidence },
    { name: 'another index (confidence → status)', from: 'byConfidence', to: QUERIES.byStatus },
    {
      name: 'another appliance on the same index',
      from: 'byAppliance',
      to: '/v1/decisions?limit=2&applianceId=appl-mail-01',
    },
    {
      name: 'another status on the same index',
      from: 'byStatus',
      to: '/v1/decisions?limit=2&executionStatus=success',
    },
    {
      name: 'another time window on the same index',
      from: 'byTenantWindow',
      to: `/v1/decisions?limit=2&since=${since}`,
    },
    { name: 'the same index without the window', from: 'byTenantWindow', to: QUERIES.byTenant },
    { name: 'another confidence bound', from: 'byConfidence', to: '/v1/decisions?limit=2&maxConfidence=0.4' },
    { name: 'a decision cursor on the appliance list', from: 'byTenant', to: QUERIES.appliances },
    { name: 'an appliance cursor on the decision list', from: 'appliances', to: QUERIES.byTenant },
  ];

  it.each(pairs)('$name', async ({ from, to }) => {
    // Prepare
    const cursor = await cursorOf(from);

    // Act
    const res = await get(`${to}&cursor=${cursor}`);

    // Assess
    expectProblem(res, 400, 'invalid_cursor');
  });

  it.each(Object.keys(QUERIES) as QueryName[])(
    '%s: another tenant’s cursor, as is or relabelled',
    async (query) => {
      // Prepare: globex's genuine cursor, and the same with its tenant parts renamed to the dev tenant's
      const foreign = await cursorOf(query, otherKey);
      const relabelled = encode(JSON.parse(JSON.stringify(decode(foreign)).replaceAll('globex', 'local')));

      // Act
      const answers = [
        await get(`${QUERIES[query]}&cursor=${foreign}`),
        await get(`${QUERIES[query]}&cursor=${relabelled}`),
      ];

      // Assess: refused, and nothing of globex in the answer
      for (const res of answers) {
        expectProblem(res, 400, 'invalid_cursor');
        expect(res.text).not.toContain('globex');
      }
    },
  );
});

describe('a resume position moved inside the caller’s own query only moves the page', () => {
  it.each(['byTenant', 'byAppliance', 'byStatus', 'appliances'] as const)(
    '%s: the sort key set to another value of the same partition answers that tenant’s items only',
    async (query) => {
      // Prepare: a key that names no item, far back in the partition
      const cursor = withKey(await cursorOf(query), (k) => ({ ...k, [SORT_ATTR[query]]: '~' }));

      // Act
      const res = await get(`${QUERIES[query]}&cursor=${cursor}`);

      // Assess
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain('globex');
    },
  );
});
