/**
 * Bad input, part 7: requests that miss the API. Unknown routes (404), wrong methods (405
 * with `allow`), and bad credentials: no Authorization header (API Gateway's own 401), a
 * malformed, foreign-scheme or unknown key (401 problem+json with `www-authenticate`), and a
 * key without the route's scope (403). Credentials are checked before the body is read, and
 * nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleFeedback, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectNothingWritten,
  expectStillUp,
  runBadCase,
  send,
  UNUSED_ID,
} from './bad-input-helpers.ts';

let api: TestApi;
let readOnly: string;
let decisionsOnly: string;
let heartbeatsOnly: string;
beforeAll(async () => {
  api = await startTestApi({ AUTH_CACHE_TTL_SECONDS: '0' });
  readOnly = (await api.createKey('local', ['read'])).token;
  decisionsOnly = (await api.createKey('local', ['decisions:write'])).token;
  heartbeatsOnly = (await api.createKey('local', ['heartbeats:write'])).token;
});
afterAll(async () => {
  await api?.stop();
});

const notFound: BadCase[] = [
  ['GET', '/'],
  ['GET', '/v2/decisions'],
  ['POST', '/v1/decision'],
  ['GET', '/v1/decisions/'],
  ['GET', '/health/'],
  ['GET', '/V1/DECISIONS'],
  ['GET', `/v1/decisions/${UNUSED_ID}/execution/extra`],
  ['POST', '/v1/keys'],
  ['GET', '/.env'],
].map(([method, path]) => ({
  name: `${method} ${path}`,
  method: method as string,
  path: path as string,
  key: null,
  status: 404,
  code: 'not_found',
}));

const notAllowed: [string, string, string][] = [
  ['DELETE', '/v1/decisions', 'POST, GET'],
  ['PUT', '/v1/decisions', 'POST, GET'],
  ['PUT', '/health', 'GET'],
  ['POST', '/health', 'GET'],
  ['DELETE', `/v1/decisions/${UNUSED_ID}`, 'GET'],
  ['PATCH', `/v1/decisions/${UNUSED_ID}`, 'GET'],
  ['GET', `/v1/decisions/${UNUSED_ID}/execution`, 'POST'],
  ['PUT', `/v1/decisions/${UNUSED_ID}/feedback`, 'POST'],
  ['GET', '/v1/heartbeats', 'POST'],
  ['DELETE', '/v1/appliances', 'GET'],
  ['POST', '/openapi.json', 'GET'],
];

/** Every route with a scope, with a body a fully scoped key would get accepted. */
const PROTECTED = [
  { method: 'POST', path: '/v1/decisions', json: () => sampleDecision(), scope: 'decisions:write' },
  {
    method: 'POST',
    path: `/v1/decisions/${UNUSED_ID}/execution`,
    json: () => sampleExecution(),
    scope: 'decisions:write',
  },
  {
    method: 'POST',
    path: `/v1/decisions/${UNUSED_ID}/feedback`,
    json: () => sampleFeedback(),
    scope: 'decisions:write',
  },
  { method: 'POST', path: '/v1/heartbeats', json: () => sampleHeartbeat(), scope: 'heartbeats:write' },
  { method: 'GET', path: '/v1/decisions', scope: 'read' },
  { method: 'GET', path: `/v1/decisions/${UNUSED_ID}`, scope: 'read' },
  { method: 'GET', path: '/v1/appliances', scope: 'read' },
] as const;

const BAD_CREDENTIALS: [string, string][] = [
  ['Bearer garbage', 'Bearer garbage'],
  ['Basic xyz', 'Basic xyz'],
  ['Basic with user:password', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
  ['a well-formed but unknown key', `Bearer aiops_abcdefgh_${'A'.repeat(43)}`],
  ['an empty Bearer', 'Bearer '],
  ['a key with SQL in it', "Bearer aiops_abcdefgh_' OR 1=1 --"],
  ['two tokens', 'Bearer aiops_abcdefgh_x aiops_abcdefgh_y'],
];

const unauthorized: BadCase[] = PROTECTED.flatMap((r) =>
  BAD_CREDENTIALS.map(
    ([name, header]): BadCase => ({
      name: `${r.method} ${r.path} with ${name}`,
      method: r.method,
      path: r.path,
      ...('json' in r ? { json: r.json() } : {}),
      headers: { authorization: header },
      status: 401,
      code: 'unauthorized',
    }),
  ),
);

describe('unknown routes and wrong methods', () => {
  it.each(notFound)('$name → 404 not_found', async (c) => {
    await runBadCase(api, c);
  });

  it.each(notAllowed)('%s %s → 405 method_not_allowed, allow: %s', async (method, path, allow) => {
    const res = await runBadCase(api, {
      name: `${method} ${path}`,
      method,
      path,
      ...(method === 'GET' ? {} : { json: sampleDecision() }),
      status: 405,
      code: 'method_not_allowed',
    });
    expect(res.headers.get('allow')).toBe(allow);
  });
});

describe('credentials', () => {
  it.each(PROTECTED)('$method $path without an Authorization header → API Gateway’s 401', async (r) => {
    // Prepare: API Gateway answers this itself, with `{"message":"Unauthorized"}`, like AWS.
    const request = { method: r.method, path: r.path, key: null, ...('json' in r ? { json: r.json() } : {}) };

    // Act
    const res = await expectNothingWritten(api, () => send(api, request));

    // Assess
    expect(res.status, res.text).toBe(401);
  });

  it.each(unauthorized)('$name → 401 unauthorized', async (c) => {
    const res = await runBadCase(api, c);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  it.each([
    ...PROTECTED.filter((r) => r.scope !== 'read').map((r) => ({
      ...r,
      key: 'read',
      keyName: 'a read-only key',
    })),
    ...PROTECTED.filter((r) => r.scope !== 'decisions:write').map((r) => ({
      ...r,
      key: 'decisions',
      keyName: 'a decisions:write key',
    })),
    ...PROTECTED.filter((r) => r.scope !== 'heartbeats:write').map((r) => ({
      ...r,
      key: 'heartbeats',
      keyName: 'a heartbeats:write key',
    })),
  ])('$method $path with $keyName → 403 insufficient_scope', async (r) => {
    const token = r.key === 'read' ? readOnly : r.key === 'decisions' ? decisionsOnly : heartbeatsOnly;
    const res = await runBadCase(api, {
      name: `${r.method} ${r.path}`,
      method: r.method,
      path: r.path,
      ...('json' in r ? { json: r.json() } : {}),
      key: token,
      status: 403,
      code: 'insufficient_scope',
    });
    expect(res.headers.get('www-authenticate')).toContain(`scope="${r.scope}"`);
  });

  it('checks the key before the body: a bad key with a malformed body → 401, not 400', async () => {
    await runBadCase(api, {
      name: 'bad key, bad body',
      method: 'POST',
      path: '/v1/decisions',
      headers: { authorization: 'Bearer garbage', 'content-type': 'application/json' },
      raw: '{"truncated":',
      status: 401,
      code: 'unauthorized',
    });
  });

  it('checks the scope before the body: a read-only key with a bad content type → 403, not 415', async () => {
    await runBadCase(api, {
      name: 'read key, text/plain',
      method: 'POST',
      path: '/v1/decisions',
      key: readOnly,
      headers: { 'content-type': 'text/plain' },
      raw: 'hello',
      status: 403,
      code: 'insufficient_scope',
    });
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
