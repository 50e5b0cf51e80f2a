/**
 * Shared pieces of the bad-input suite (`test/e2e/bad-input-*.test.ts`): a raw HTTP client for
 * requests `fetch` cannot make (no Content-Type, dot segments in the path), the problem+json
 * assertions every case makes, and a "nothing was written" guard that compares the decisions
 * and appliances tables before and after a request.
 */
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { TestApi, TestResponse } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleFeedback, sampleHeartbeat } from '../support/samples.ts';

/** One request of a table-driven case. */
export interface CaseRequest {
  readonly method: string;
  /** Sent exactly as written (no URL normalisation). */
  readonly path: string;
  /** Serialised with JSON.stringify; Content-Type application/json unless `headers` says otherwise. */
  readonly json?: unknown;
  /** Sent as is; no Content-Type unless `headers` sets one. */
  readonly raw?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  /** Bearer key; `null` sends no Authorization header. @default the dev key */
  readonly key?: string | null;
}

/** A field error the problem must list (its code is checked when given). */
export interface ExpectedFieldError {
  readonly pointer: string;
  readonly code?: string;
}

/** A bad request and the problem it must get. */
export interface BadCase extends CaseRequest {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  readonly errors?: readonly ExpectedFieldError[];
}

/**
 * Sends a request through node:http, byte for byte: the path is not normalised, the body is
 * not re-encoded and no header is added but `authorization` and `content-length`.
 */
export function send(api: TestApi, r: CaseRequest): Promise<TestResponse> {
  const url = new URL(api.url);
  const headers: Record<string, string> = { ...r.headers };
  const key = r.key === undefined ? api.devKey : r.key;
  if (key !== null && headers.authorization === undefined) headers.authorization = `Bearer ${key}`;
  let body: Buffer | undefined;
  if (r.json !== undefined) {
    body = Buffer.from(JSON.stringify(r.json), 'utf8');
    headers['content-type'] ??= 'application/json';
  } else if (r.raw !== undefined) {
    body = typeof r.raw === 'string' ? Buffer.from(r.raw, 'utf8') : Buffer.from(r.raw);
  }
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          }
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: h, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The decisions and appliances tables, in a stable order, for before/after comparisons. */
export async function snapshot(api: TestApi): Promise<{ decisions: string[]; appliances: string[] }> {
  const [decisions, appliances] = await Promise.all([api.scan('decisions'), api.scan('appliances')]);
  const stable = (items: Record<string, unknown>[]) => items.map((i) => JSON.stringify(sortKeys(i))).sort();
  return { decisions: stable(decisions), appliances: stable(appliances) };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Runs `act` and asserts that neither the decisions nor the appliances table changed. */
export async function expectNothingWritten<T>(api: TestApi, act: () => Promise<T>): Promise<T> {
  const before = await snapshot(api);
  const result = await act();
  expect(await snapshot(api), 'nothing may be written').toEqual(before);
  return result;
}

/**
 * Asserts an RFC 9457 problem: status, media type, the members every problem has, the
 * machine-readable code and, when given, the field errors (each by pointer and code).
 */
export function expectProblem(
  res: TestResponse,
  status: number,
  code: string,
  errors: readonly ExpectedFieldError[] = [],
): void {
  const context = `${res.status} ${res.text.slice(0, 600)}`;
  expect(res.status, context).toBe(status);
  expect(res.headers.get('content-type'), context).toMatch(/^application\/problem\+json\b/);
  expect(res.body, context).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  });
  if (errors.length === 0) return;
  expect(Array.isArray(res.body.errors), context).toBe(true);
  for (const e of errors) {
    expect(res.body.errors, context).toContainEqual(
      expect.objectContaining(e.code ? { pointer: e.pointer, code: e.code } : { pointer: e.pointer }),
    );
  }
}

/** Sends a bad case, asserting its problem and that nothing was written. */
export async function runBadCase(api: TestApi, c: BadCase): Promise<TestResponse> {
  const res = await expectNothingWritten(api, () => send(api, c));
  expectProblem(res, c.status, c.code, c.errors ?? []);
  return res;
}

/** The media type of every JSON body. */
export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * A copy of a body with some top-level fields replaced; an `undefined` override removes the field.
 * @example withFields(sampleDecision(), { confidence: '0.9', query: undefined })
 */
export function withFields(base: object, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * A POST that must be refused with 422 validation_failed naming `pointer` (and `code` when
 * given). A string body is sent as raw JSON text.
 */
export function refused(
  name: string,
  path: string,
  body: Record<string, unknown> | string,
  pointer: string,
  code?: string,
): BadCase {
  return {
    name,
    method: 'POST',
    path,
    ...(typeof body === 'string' ? { raw: body, headers: JSON_HEADERS } : { json: body }),
    status: 422,
    code: 'validation_failed',
    errors: [code ? { pointer, code } : { pointer }],
  };
}

/** Asserts the server still answers `GET /health` with 200. */
export async function expectStillUp(api: TestApi): Promise<void> {
  const res = await send(api, { method: 'GET', path: '/health', key: null });
  expect(res.status, res.text).toBe(200);
}

/** A decision id that no request of the suite uses. */
export const UNUSED_ID = '00000000-0000-4000-8000-000000000000';

/** One body-taking route: where it is, a valid body, and a text and a number field of that body. */
export interface IngestRoute {
  readonly name: string;
  readonly path: string;
  readonly body: () => Record<string, unknown>;
  /** A free-text (or short-name) field. */
  readonly textField: string;
  /** A numeric field. */
  readonly numberField: string;
}

const MARK = '__RAW_VALUE__';

/**
 * A body's JSON text with one top-level field's value replaced by raw JSON text, so a case can
 * send what JSON.stringify never writes (`NaN`, `1e999`, an escaped lone surrogate).
 * @example withRawValue({ confidence: 0.5 }, 'confidence', 'NaN') // '{"confidence":NaN}'
 */
export function withRawValue(body: Record<string, unknown>, field: string, raw: string): string {
  return JSON.stringify({ ...body, [field]: MARK }).replace(`"${MARK}"`, raw);
}

/** A body's UTF-8 bytes with `bytes` spliced into the string value of `field`. */
export function withRawBytes(body: Record<string, unknown>, field: string, bytes: readonly number[]): Buffer {
  const [before, after] = JSON.stringify({ ...body, [field]: `ok ${MARK} ok` }).split(MARK) as [
    string,
    string,
  ];
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
}

/** The four body-taking routes, for cases that apply to each of them. */
export const INGEST_ROUTES: readonly IngestRoute[] = [
  {
    name: 'decisions',
    path: '/v1/decisions',
    body: () => ({ ...sampleDecision() }),
    textField: 'query',
    numberField: 'confidence',
  },
  {
    name: 'execution',
    path: `/v1/decisions/${UNUSED_ID}/execution`,
    body: () => ({ ...sampleExecution() }),
    textField: 'output',
    numberField: 'durationSeconds',
  },
  {
    name: 'feedback',
    path: `/v1/decisions/${UNUSED_ID}/feedback`,
    body: () => ({ ...sampleFeedback() }),
    textField: 'comment',
    numberField: 'schemaVersion',
  },
  {
    name: 'heartbeats',
    path: '/v1/heartbeats',
    body: () => ({ ...sampleHeartbeat() }),
    textField: 'agentVersion',
    numberField: 'cpuPercent',
  },
];

/** A top-level string attribute of a scanned item, whether raw (`{ S: '...' }`) or unmarshalled. */
export function stringAttribute(item: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = item?.[name] as string | { S?: string } | undefined;
  return typeof v === 'string' ? v : v?.S;
}

/** The `decisionId`s stored in the decisions table. */
export async function storedDecisionIds(api: TestApi): Promise<string[]> {
  return (await api.scan('decisions')).map((i) => stringAttribute(i, 'decisionId') ?? '');
}
