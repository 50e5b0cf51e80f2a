/**
 * Bad input, part 1: bodies that are not what the API reads. Malformed JSON, JSON that is not
 * an object, bytes that are not UTF-8, the wrong media type and bodies over the size limits,
 * on each of the four ingest routes. Each gets a 4xx problem+json (except the gateway's own
 * 413 over 10 MiB), nothing is written and the server stays up.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import {
  type BadCase,
  expectNothingWritten,
  expectStillUp,
  INGEST_ROUTES,
  JSON_HEADERS,
  runBadCase,
  send,
  storedDecisionIds,
  withRawBytes,
  withRawValue,
} from './bad-input-helpers.ts';

const api = useTestApi();

const malformed: BadCase[] = INGEST_ROUTES.flatMap((r) => {
  const text = JSON.stringify(r.body());
  const base = { method: 'POST', path: r.path, headers: JSON_HEADERS };
  const bad = (name: string, raw: string): BadCase => ({
    ...base,
    name: `${r.name}: ${name}`,
    raw,
    status: 400,
    code: 'malformed_json',
  });
  const notObject = (name: string, raw: string): BadCase => ({
    ...base,
    name: `${r.name}: ${name}`,
    raw,
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '', code: 'invalid_type' }],
  });
  return [
    bad('truncated JSON', text.slice(0, Math.floor(text.length / 2))),
    bad('trailing comma', `${text.slice(0, -1)},}`),
    bad('single quotes', text.replaceAll('"', "'")),
    bad('NaN literal', withRawValue(r.body(), r.numberField, 'NaN')),
    bad('Infinity literal', withRawValue(r.body(), r.numberField, 'Infinity')),
    bad('-Infinity literal', withRawValue(r.body(), r.numberField, '-Infinity')),
    bad('a bare word', 'hello'),
    bad('two documents', `${text}${text}`),
    bad('a comment', `/* c */${text}`),
    { ...base, name: `${r.name}: empty body`, raw: '', status: 400, code: 'empty_body' },
    { ...base, name: `${r.name}: whitespace body`, raw: ' \n\t\r ', status: 400, code: 'empty_body' },
    notObject('a JSON array', `[${text}]`),
    notObject('an empty JSON array', '[]'),
    notObject('a JSON string', '"hello"'),
    notObject('a JSON number', '42'),
    notObject('JSON null', 'null'),
    notObject('JSON true', 'true'),
  ];
});

/** UTF-8 errors: a stray continuation byte, 0xFF, a UTF-16 surrogate, an overlong form, a cut sequence. */
const INVALID_UTF8: [string, number[]][] = [
  ['0xC3 0x28 (bad continuation)', [0xc3, 0x28]],
  ['0xFF', [0xff]],
  ['ED A0 80 (a lone surrogate encoded)', [0xed, 0xa0, 0x80]],
  ['C0 AF (overlong /)', [0xc0, 0xaf]],
  ['E2 82 (cut short)', [0xe2, 0x82]],
];

const encoding: BadCase[] = INGEST_ROUTES.flatMap((r) =>
  INVALID_UTF8.flatMap(([name, bytes]): BadCase[] => [
    {
      name: `${r.name}: ${name} in ${r.textField}`,
      method: 'POST',
      path: r.path,
      headers: JSON_HEADERS,
      raw: withRawBytes(r.body(), r.textField, bytes),
      status: 400,
      code: 'invalid_encoding',
    },
    {
      name: `${r.name}: ${name} in ${r.textField}, declared charset=utf-8`,
      method: 'POST',
      path: r.path,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      raw: withRawBytes(r.body(), r.textField, bytes),
      status: 400,
      code: 'invalid_encoding',
    },
  ]),
);

const WRONG_TYPES: [string, string | undefined][] = [
  ['text/plain', 'text/plain'],
  ['no Content-Type', undefined],
  ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ['multipart/form-data', 'multipart/form-data; boundary=xyz'],
  ['application/xml', 'application/xml'],
  ['text/json', 'text/json'],
  ['application/jsonp', 'application/jsonp'],
  ['application/octet-stream', 'application/octet-stream'],
];

const mediaType: BadCase[] = INGEST_ROUTES.flatMap((r) =>
  WRONG_TYPES.map(
    ([name, type]): BadCase => ({
      name: `${r.name}: ${name}`,
      method: 'POST',
      path: r.path,
      ...(type ? { headers: { 'content-type': type } } : {}),
      raw: JSON.stringify(r.body()),
      status: 415,
      code: 'unsupported_media_type',
    }),
  ),
);

/** A valid-looking JSON body of exactly `bytes` bytes: the text field padded with `a`. */
function bodyOfSize(body: Record<string, unknown>, field: string, bytes: number): string {
  const empty = JSON.stringify({ ...body, [field]: '' });
  return JSON.stringify({ ...body, [field]: 'a'.repeat(bytes - Buffer.byteLength(empty)) });
}

const tooLarge: BadCase[] = INGEST_ROUTES.flatMap((r): BadCase[] => [
  {
    name: `${r.name}: maxBodyBytes + 1`,
    method: 'POST',
    path: r.path,
    headers: JSON_HEADERS,
    raw: bodyOfSize(r.body(), r.textField, LIMITS.maxBodyBytes + 1),
    status: 413,
    code: 'payload_too_large',
  },
  {
    // At the limit the body is read, and the field is refused on its own length.
    name: `${r.name}: exactly maxBodyBytes (read, then refused by the field limit)`,
    method: 'POST',
    path: r.path,
    headers: JSON_HEADERS,
    raw: bodyOfSize(r.body(), r.textField, LIMITS.maxBodyBytes),
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: `/${r.textField}` }],
  },
]);

describe('bad bodies on the ingest routes', () => {
  it.each(malformed)('malformed or non-object JSON, $name → $status $code', async (c) => {
    await runBadCase(api, c);
  });

  it.each(encoding)('invalid UTF-8, $name → $status $code', async (c) => {
    await runBadCase(api, c);
  });

  it.each(mediaType)('wrong media type, $name → $status $code', async (c) => {
    const res = await runBadCase(api, c);
    expect(res.headers.get('accept-post')).toBe('application/json');
  });

  it.each(tooLarge)('oversized body, $name → $status $code', async (c) => {
    await runBadCase(api, c);
  });

  it('1,000,000 levels of nested arrays (2 MB) in an unknown field → 422 too_deep, no crash', async () => {
    const raw = `${JSON.stringify(INGEST_ROUTES[0]?.body()).slice(0, -1)},"x":${'['.repeat(1e6)}${']'.repeat(1e6)}}`;
    await runBadCase(api, {
      name: 'deeply nested',
      method: 'POST',
      path: '/v1/decisions',
      headers: JSON_HEADERS,
      raw,
      status: 422,
      code: 'validation_failed',
      // /x is level 2; the first array past the body's depth limit is LIMITS.maxBodyDepth + 1
      errors: [{ pointer: `/x${'/0'.repeat(LIMITS.maxBodyDepth - 1)}`, code: 'too_deep' }],
    });
  });

  it('a body over 10 MiB gets API Gateway’s own 413 (not problem+json), and nothing is written', async () => {
    // Prepare: API Gateway refuses payloads over 10 MB before any function runs, with its own
    // `{"message":"Request Entity Too Large"}` body; the local gateway answers the same.
    const huge = bodyOfSize(INGEST_ROUTES[0]?.body() ?? {}, 'query', 10 * 1024 * 1024 + 1);

    // Act
    const res = await expectNothingWritten(api, () =>
      send(api, { method: 'POST', path: '/v1/decisions', headers: JSON_HEADERS, raw: huge }),
    );

    // Assess
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('accepts application/json; charset=utf-8 (positive control, written)', async () => {
    // Prepare
    const decisions = INGEST_ROUTES[0] as (typeof INGEST_ROUTES)[number];
    const body = decisions.body();

    // Act
    const res = await send(api, {
      method: 'POST',
      path: '/v1/decisions',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      raw: JSON.stringify(body),
    });

    // Assess
    expect(res.status, res.text).toBe(201);
    expect(await storedDecisionIds(api)).toContain(body.decisionId);
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
