/**
 * Bad input, part 6: injection strings. In identifiers, path parameters and query parameters
 * they are refused with a 4xx problem (nothing written); in free text they are data: accepted,
 * stored verbatim and read back identical, served as JSON.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectNothingWritten,
  expectStillUp,
  runBadCase,
  send,
  stringAttribute,
} from './bad-input-helpers.ts';

const api = useTestApi();

const INJECTIONS = [
  "' OR 1=1 --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{"$ne":null}',
  'x; rm -rf /',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, literal on purpose
  '${jndi:ldap://x}',
  'ucs\r\nSet-Cookie: a=b',
];

const identifierCases: BadCase[] = [
  ...INJECTIONS.map(
    (id): BadCase => ({
      name: `decision applianceId ${JSON.stringify(id)}`,
      method: 'POST',
      path: '/v1/decisions',
      json: sampleDecision({ applianceId: id }),
      status: 422,
      code: 'validation_failed',
      errors: [{ pointer: '/applianceId' }],
    }),
  ),
  ...INJECTIONS.map(
    (id): BadCase => ({
      name: `heartbeat applianceId ${JSON.stringify(id)}`,
      method: 'POST',
      path: '/v1/heartbeats',
      json: sampleHeartbeat({ applianceId: id }),
      status: 422,
      code: 'validation_failed',
      errors: [{ pointer: '/applianceId' }],
    }),
  ),
  {
    name: 'decision applianceId as a NoSQL operator object',
    method: 'POST',
    path: '/v1/decisions',
    json: { ...sampleDecision(), applianceId: { $gt: '' } },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/applianceId', code: 'invalid_type' }],
  },
  {
    name: 'decisionId "\' OR 1=1 --"',
    method: 'POST',
    path: '/v1/decisions',
    json: { ...sampleDecision(), decisionId: "' OR 1=1 --" },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisionId' }],
  },
];

/** Reads with a hostile id: no such decision (404), never an error or another item. */
const pathCases: BadCase[] = [
  '..%2F..%2Fkeys',
  '%2e%2e%2f%2e%2e%2fkeys',
  '%00',
  '%27%20OR%201%3D1%20--',
  '%3Cscript%3E',
  '%zz',
  '*',
].map(
  (id): BadCase => ({
    name: `GET /v1/decisions/${id}`,
    method: 'GET',
    path: `/v1/decisions/${id}`,
    status: 404,
    code: 'not_found',
  }),
);

/** Dot segments sent raw (no client normalisation) match no route. */
const rawTraversal: BadCase[] = [
  '/v1/decisions/../../etc/passwd',
  '/v1/../health/../v1/keys',
  '/v1/decisions/x/../../keys',
].map((path): BadCase => ({ name: `GET ${path}`, method: 'GET', path, status: 404, code: 'not_found' }));

const q = (name: string, query: string, pointer: string, code = 'invalid_query', status = 422): BadCase => ({
  name,
  method: 'GET',
  path: query,
  status,
  code,
  errors: [{ pointer }],
});

const queryCases: BadCase[] = [
  q('limit=1;DROP TABLE', '/v1/decisions?limit=1;DROP%20TABLE%20ai_decisions', 'query:limit'),
  q("applianceId=x' OR '1'='1", "/v1/decisions?applianceId=x'%20OR%20'1'%3D'1", 'query:applianceId'),
  q('executionStatus[$ne]=x', '/v1/decisions?executionStatus[$ne]=x', 'query:executionStatus[$ne]'),
  q('executionStatus=DROP', '/v1/decisions?executionStatus=DROP', 'query:executionStatus'),
  q('cursor=garbage', '/v1/decisions?cursor=garbage', 'query:cursor', 'invalid_cursor', 400),
  q(
    'cursor with characters outside base64url',
    '/v1/decisions?cursor=%7B%22i%22%3A1%7D',
    'query:cursor',
    'invalid_cursor',
    400,
  ),
  q(
    'cursor for another index',
    `/v1/decisions?cursor=${Buffer.from(JSON.stringify({ i: 'other-index', k: { pk: 'x' } })).toString('base64url')}`,
    'query:cursor',
    'invalid_cursor',
    400,
  ),
  q('cursor over 2048 characters', `/v1/decisions?cursor=${'a'.repeat(2049)}`, 'query:cursor'),
  q('an unknown parameter', '/v1/decisions?sort=confidence', 'query:sort'),
  q('limit=0', '/v1/decisions?limit=0', 'query:limit'),
  q('limit=101', '/v1/decisions?limit=101', 'query:limit'),
  q('limit=-1', '/v1/decisions?limit=-1', 'query:limit'),
  q('limit=2.5', '/v1/decisions?limit=2.5', 'query:limit'),
  q('limit=abc', '/v1/decisions?limit=abc', 'query:limit'),
  q('limit twice', '/v1/decisions?limit=1&limit=2', 'query:limit'),
  q('maxConfidence=NaN', '/v1/decisions?maxConfidence=NaN', 'query:maxConfidence'),
  q('maxConfidence=Infinity', '/v1/decisions?maxConfidence=Infinity', 'query:maxConfidence'),
  q('maxConfidence=1.5', '/v1/decisions?maxConfidence=1.5', 'query:maxConfidence'),
  q('since=yesterday', '/v1/decisions?since=yesterday', 'query:since'),
  q(
    'since after until',
    '/v1/decisions?since=2026-11-21T10:00:00Z&until=2026-11-20T10:00:00Z',
    'query:since',
  ),
  q('appliances: limit=1;DROP TABLE', '/v1/appliances?limit=1;DROP%20TABLE', 'query:limit'),
  q('appliances: cursor=garbage', '/v1/appliances?cursor=garbage', 'query:cursor', 'invalid_cursor', 400),
  q('appliances: an unknown parameter', '/v1/appliances?applianceId=x', 'query:applianceId'),
];

describe('injection strings in identifiers, paths and query parameters are refused', () => {
  it.each(identifierCases)('$name → $status $code', async (c) => {
    await runBadCase(api, c);
  });

  it.each([...pathCases, ...rawTraversal])('$name → $status $code', async (c) => {
    await runBadCase(api, c);
  });

  it.each(queryCases)('$name → $status $code at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });
});

const FREE_TEXT = [
  "'; DROP TABLE ai_decisions; --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, literal on purpose
  '${jndi:ldap://x}',
  '"},"confidence":0,"x":{"',
  "Robert'); DELETE FROM decisions WHERE ('1'='1",
  '{"$where": "sleep(1000)"}',
  '%s%s%s%n %x',
  '\\u0000 (escaped, not a control character)',
];

describe('injection strings in free text are data: accepted, stored and read back verbatim', () => {
  it.each(FREE_TEXT)('query %j', async (text) => {
    // Prepare
    const query = `Add an A record for ${text} please`;
    const d = sampleDecision({
      query,
      agent: { name: text.slice(0, 128), version: '2.4.1' },
      intent: { action: 'dns.add_record', parameters: { name: text, [text.slice(0, 100)]: text } },
    });

    // Act
    const res = await send(api, { method: 'POST', path: '/v1/decisions', json: d });
    const back = await send(api, { method: 'GET', path: `/v1/decisions/${d.decisionId}` });

    // Assess
    expect(res.status, res.text).toBe(201);
    expect(back.status, back.text).toBe(200);
    expect(back.headers.get('content-type')).toMatch(/^application\/json/);
    expect(back.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(back.body.query, 'utf8').equals(Buffer.from(query, 'utf8'))).toBe(true);
    expect(back.body.agent.name).toBe(text.slice(0, 128));
    expect(back.body.intent.parameters).toEqual(d.intent.parameters);
    expect(back.body.redactions).toBeUndefined();
    const stored = (await api.scan('decisions')).find(
      (i) => stringAttribute(i, 'decisionId') === d.decisionId,
    );
    // The item as the table holds it, read through the adapter's mapping (its members are packed).
    const record = recordedDecision(unmarshall(stored as Record<string, AttributeValue>) as DecisionItem);
    expect(record.decision?.fields.query).toBe(query);
  });
});

/**
 * Valid reads next to the refused ones: each answers 200 (never a 5xx) and writes nothing.
 * (Unbounded lists on a time index answered 500 until the query planner fix of 85a2e20.)
 */
const VALID_READS = [
  '/v1/decisions',
  '/v1/decisions?limit=5',
  '/v1/decisions?applianceId=ucs-primary.office.example',
  '/v1/decisions?executionStatus=success',
  '/v1/decisions?maxConfidence=0.5',
  '/v1/decisions?since=2026-01-01T00:00:00Z',
  '/v1/decisions?until=2030-01-01T00:00:00Z',
  '/v1/decisions?since=2026-01-01T00:00:00Z&until=2030-01-01T00:00:00Z',
  '/v1/decisions?maxConfidence=0.5&since=2026-01-01T00:00:00Z',
  '/v1/decisions?applianceId=ucs-primary.office.example&since=2026-01-01T00:00:00Z',
  '/v1/appliances',
  '/v1/appliances?limit=1',
];

async function expectValidRead(path: string): Promise<void> {
  const res = await expectNothingWritten(api, () => send(api, { method: 'GET', path }));
  expect(res.status, res.text).toBe(200);
  expect(Array.isArray(res.body.items)).toBe(true);
  for (const item of res.body.items) expect(item.customerId).toBe('local');
}

describe('valid reads answer 200 (controls for the refused query parameters)', () => {
  it.each(VALID_READS)('GET %s → 200', async (path) => {
    await expectValidRead(path);
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
