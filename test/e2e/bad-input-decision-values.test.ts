/**
 * Bad input, part 3: decisions whose values break the contract. Timestamps that are not
 * RFC 3339 or lie in the future, control characters and lone surrogates in text (422 naming
 * the field, nothing written); the boundary values next to them are accepted and written.
 * Also the intent parameters the contract accepts but the store cannot keep (findings).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, samplePlaybook } from '../support/samples.ts';
import {
  type BadCase,
  expectStillUp,
  JSON_HEADERS,
  refused,
  runBadCase,
  send,
  storedDecisionIds,
  withFields,
  withRawValue,
} from './bad-input-helpers.ts';

const api = useTestApi();

const DECISIONS = '/v1/decisions';
const sample = sampleDecision();
/** A fresh sample decision with some fields replaced (`undefined` removes one). */
const decision = (overrides: Record<string, unknown> = {}) => withFields(sampleDecision(), overrides);
/** A decision that must be refused with 422 naming `pointer`. */
const bad = (name: string, body: Record<string, unknown> | string, pointer: string, code?: string) =>
  refused(name, DECISIONS, body, pointer, code);
const over = (n: number) => 'a'.repeat(n);

const inFiveMinutes = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const timestamps: BadCase[] = [
  bad('occurredAt "yesterday"', decision({ occurredAt: 'yesterday' }), '/occurredAt'),
  bad('occurredAt month 13', decision({ occurredAt: '2026-13-01T00:00:00Z' }), '/occurredAt'),
  bad('occurredAt February 30', decision({ occurredAt: '2026-02-30T00:00:00Z' }), '/occurredAt'),
  bad('occurredAt without an offset', decision({ occurredAt: '2026-11-21T10:00:00' }), '/occurredAt'),
  bad('occurredAt date only', decision({ occurredAt: '2026-11-21' }), '/occurredAt'),
  bad('occurredAt RFC 2822', decision({ occurredAt: 'Sat, 21 Nov 2026 10:00:00 GMT' }), '/occurredAt'),
  bad(
    'occurredAt 10 minutes in the future',
    decision({ occurredAt: inFiveMinutes(600) }),
    '/occurredAt',
    'timestamp_in_future',
  ),
  bad(
    'occurredAt in year 9999',
    decision({ occurredAt: '9999-12-31T23:59:59Z' }),
    '/occurredAt',
    'timestamp_in_future',
  ),
];

const text: BadCase[] = [
  bad('query with \\u0000', decision({ query: 'add a record\u0000' }), '/query'),
  bad('query with \\u001b (ANSI escape)', decision({ query: 'add \u001b[31mred\u001b[0m' }), '/query'),
  bad('query with \\u007f', decision({ query: 'add\u007f' }), '/query'),
  bad(
    'agent.name with \\u0000',
    decision({ agent: { ...sample.agent, name: 'agent\u0000' } }),
    '/agent/name',
  ),
  bad(
    'agent.version with a newline',
    decision({ agent: { ...sample.agent, version: '2.4\n.1' } }),
    '/agent/version',
  ),
  bad('playbook yaml with \\u0000', decision({ playbook: samplePlaybook('---\n\u0000') }), '/playbook/yaml'),
  bad(
    'query with an escaped lone surrogate "\\ud800"',
    withRawValue(decision({}), 'query', '"add \\ud800 record"'),
    '/query',
  ),
  bad(
    'query with an escaped lone low surrogate "\\udc00"',
    withRawValue(decision({}), 'query', '"\\udc00"'),
    '/query',
  ),
  bad(
    'agent.name with an escaped lone surrogate',
    withRawValue(decision({}), 'agent', '{"name":"a\\ud800","version":"1"}'),
    '/agent/name',
  ),
];

describe('POST /v1/decisions refuses bad timestamps and bad text', () => {
  it.each([
    ...timestamps.map((c) => ({ ...c, name: `timestamp: ${c.name}` })),
    ...text.map((c) => ({ ...c, name: `text: ${c.name}` })),
  ])('$name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });
});

/** `depth` nested arrays as JSON text, e.g. depth 2 → `[[]]`. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('findings: intent parameters the contract accepts but the store cannot keep', () => {
  it('intent.parameters nested 40 levels deep → 422 at /intent/parameters (answers 500)', async () => {
    await runBadCase(
      api,
      bad(
        'nested parameters',
        withRawValue(
          decision({}),
          'intent',
          `{"action":"dns.add_record","parameters":{"a":${nestedArrays(40)}}}`,
        ),
        '/intent/parameters',
      ),
    );
  });

  it('a "__proto__" key in intent.parameters is refused or kept, never silently dropped', async () => {
    // Prepare
    const d = decision({ intent: { action: 'dns.add_record', parameters: { zone: 'office.example' } } });
    const raw = JSON.stringify(d).replace(
      '"parameters":{"zone":"office.example"}',
      '"parameters":{"zone":"office.example","__proto__":{"polluted":true}}',
    );

    // Act
    const res = await send(api, { method: 'POST', path: '/v1/decisions', headers: JSON_HEADERS, raw });
    const back = await send(api, { method: 'GET', path: `/v1/decisions/${d.decisionId}` });

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (res.status === 422) {
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ pointer: '/intent/parameters/__proto__' }),
      );
      expect(back.status).toBe(404);
    } else {
      expect(res.status, res.text).toBe(201);
      expect(back.text).toContain('"__proto__":{"polluted":true}');
    }
  });
});

describe('boundary values next to the refused ones are accepted and written (positive controls)', () => {
  it.each([
    { name: 'confidence 0', overrides: { confidence: 0 } },
    { name: 'confidence 1', overrides: { confidence: 1 } },
    { name: `query of exactly maxQueryChars`, overrides: { query: over(LIMITS.maxQueryChars) } },
    {
      name: 'query with tab, newline and carriage return',
      overrides: { query: 'line 1\tcol\nline 2\r\nline 3' },
    },
    {
      name: 'query with astral characters (a valid surrogate pair)',
      overrides: { query: 'add 🚀 record \ud83d\ude80' },
    },
    {
      name: 'occurredAt 4 minutes in the future (clock skew)',
      overrides: { occurredAt: inFiveMinutes(240) },
    },
    { name: 'occurredAt with a +05:30 offset', overrides: { occurredAt: '2026-11-21T15:30:00+05:30' } },
  ])('$name', async ({ overrides }) => {
    // Prepare
    const d = decision(overrides);

    // Act
    const res = await send(api, { method: 'POST', path: '/v1/decisions', json: d });
    const back = await send(api, { method: 'GET', path: `/v1/decisions/${d.decisionId}` });

    // Assess
    expect(res.status, res.text).toBe(201);
    expect(back.status, back.text).toBe(200);
    for (const [k, v] of Object.entries(overrides)) {
      if (k !== 'occurredAt') expect(back.body[k]).toEqual(v);
    }
    expect(await storedDecisionIds(api)).toContain(d.decisionId);
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
