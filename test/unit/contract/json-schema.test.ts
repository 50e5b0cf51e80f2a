import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import { heartbeatSchema } from '#contract/heartbeat';
import {
  contractComponents,
  contractJsonSchemas,
  convertSchema,
  decisionBatchPayloadSchema,
  heartbeatBatchPayloadSchema,
  type PayloadName,
  portablePattern,
  SCHEMA_ID_PREFIX,
} from '#contract/json-schema';
import { LIMITS } from '#contract/limits';
import * as z from '#contract/zod';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
  sampleHeartbeat,
} from '../../support/samples.ts';

const ZOD: Record<PayloadName, z.ZodMiniType> = {
  decision: decisionSchema,
  'decision-batch': decisionBatchPayloadSchema,
  execution: executionSchema,
  feedback: feedbackSchema,
  heartbeat: heartbeatSchema,
  'heartbeat-batch': heartbeatBatchPayloadSchema,
};

function compileAll() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const schemas = contractJsonSchemas();
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  return (name: PayloadName, value: unknown) => {
    const validate = ajv.getSchema(`${SCHEMA_ID_PREFIX}${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    return validate(value) as boolean;
  };
}
const validJson = compileAll();

const decisions = (n: number) => ({ decisions: Array.from({ length: n }, () => sampleDecision()) });
const without = <T extends object>(value: T, key: keyof T) => {
  const copy = { ...value };
  delete copy[key];
  return copy;
};
const services = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`svc-${i}`, 'up' as const]));

/** Payloads both validators must agree on. */
const CASES: [PayloadName, string, boolean, () => unknown][] = [
  ['decision', 'the sample', true, () => sampleDecision()],
  [
    'decision',
    'a minimal decision (no playbook, trace id, responseId or parameters)',
    true,
    () => ({
      ...without(sampleDecision({ intent: { action: 'service.restart' } }), 'playbook'),
      llm: without(sampleDecision().llm, 'responseId'),
    }),
  ],
  [
    'decision',
    'an upper-case decisionId',
    true,
    () => sampleDecision({ decisionId: randomUUID().toUpperCase() }),
  ],
  [
    'decision',
    'an X-Ray trace id',
    true,
    () => sampleDecision({ traceId: '1-5f84c7a1-6c7d1e2f3a4b5c6d7e8f9a0b' }),
  ],
  [
    'decision',
    'an emoji query of maxQueryChars',
    true,
    () => sampleDecision({ query: '🛠'.repeat(LIMITS.maxQueryChars) }),
  ],
  ['decision', 'confidence 1.01', false, () => sampleDecision({ confidence: 1.01 })],
  ['decision', 'negative confidence', false, () => sampleDecision({ confidence: -0.5 })],
  ['decision', 'an unknown field', false, () => ({ ...sampleDecision(), customerId: 'acme' })],
  [
    'decision',
    'an unknown field in llm',
    false,
    () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, seed: 7 } }),
  ],
  ['decision', 'a bad uuid', false, () => sampleDecision({ decisionId: '0b9f3c2e-5d1a-4c47-9a57' })],
  [
    'decision',
    'an oversized query',
    false,
    () => sampleDecision({ query: 'q'.repeat(LIMITS.maxQueryChars + 1) }),
  ],
  [
    'decision',
    'an upper-case W3C trace id',
    false,
    () => sampleDecision({ traceId: 'ABCDEF'.padEnd(32, '0') }),
  ],
  ['decision', 'a missing llm', false, () => without(sampleDecision(), 'llm')],
  ['decision', 'schemaVersion 2', false, () => ({ ...sampleDecision(), schemaVersion: 2 })],
  [
    'decision',
    'fractional tokens',
    false,
    () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, inputTokens: 2.5 } }),
  ],
  [
    'decision',
    'a timestamp without offset',
    false,
    () => sampleDecision({ occurredAt: '2026-11-21T10:15:00' }),
  ],
  ['decision', 'BEL in the query', false, () => sampleDecision({ query: 'add\u0007 record' })],
  [
    'decision',
    'NEL (C1 control) in the agent name',
    false,
    () => sampleDecision({ agent: { name: 'a\u0085b', version: '1' } }),
  ],
  [
    'decision',
    'a tab in the agent name',
    false,
    () => sampleDecision({ agent: { name: 'a\tb', version: '1' } }),
  ],
  ['decision', 'an upper-case action', false, () => sampleDecision({ intent: { action: 'DNS.add' } })],
  [
    'decision',
    'an empty parameter name',
    false,
    () => sampleDecision({ intent: { action: 'dns.add', parameters: { '': 1 } } }),
  ],
  ...(<[string, Record<string, unknown>, boolean][]>[
    ['1e16 in the parameters', { n: 1e16 }, true],
    ['2^53 + 2 and -1e125 in the parameters', { n: [2 ** 53 + 2, -1e125] }, true],
    ['1e-130 in the parameters', { n: 1e-130 }, true],
    ['1e-200 in the parameters', { n: { m: 1e-200 } }, false],
    ['1e126 in the parameters', { n: 1e126 }, false],
    ['U+0000 in a parameter string', { n: ['a\u0000'] }, false],
    ['U+0000 in a parameter name', { 'n\u0000': 1 }, false],
    ['an empty nested parameter name', { n: { '': 1 } }, false],
    ['control characters other than U+0000 in parameters', { 'n\u0001': 'a\u0007\u0085' }, true],
  ]).map(([name, parameters, valid]): [PayloadName, string, boolean, () => unknown] => [
    'decision',
    name,
    valid,
    () => ({ ...sampleDecision(), intent: { action: 'dns.add', parameters } }),
  ]),
  ['decision', 'confidence 1e-130', true, () => sampleDecision({ confidence: 1e-130 })],
  ['decision', 'confidence 1e-200', false, () => sampleDecision({ confidence: 1e-200 })],
  [
    'decision',
    `inputTokens ${LIMITS.maxTokens}`,
    true,
    () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, inputTokens: LIMITS.maxTokens } }),
  ],
  [
    'decision',
    `outputTokens ${LIMITS.maxTokens + 1}`,
    false,
    () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, outputTokens: LIMITS.maxTokens + 1 } }),
  ],
  [
    'decision',
    'U+0000 in the responseId',
    false,
    () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, responseId: 'msg\u0000' } }),
  ],
  ['decision-batch', 'one decision', true, () => sampleDecision()],
  ['decision-batch', `${LIMITS.maxBatchItems} decisions`, true, () => decisions(LIMITS.maxBatchItems)],
  [
    'decision-batch',
    `${LIMITS.maxBatchItems + 1} decisions`,
    false,
    () => decisions(LIMITS.maxBatchItems + 1),
  ],
  ['decision-batch', 'no decisions', false, () => decisions(0)],
  [
    'decision-batch',
    'an invalid item',
    false,
    () => ({ decisions: [sampleDecision(), { decisionId: 'x' }] }),
  ],
  ['decision-batch', 'an unknown envelope field', false, () => ({ ...decisions(1), async: true })],
  ['execution', 'the sample', true, () => sampleExecution()],
  ['execution', 'a failed run', true, () => sampleFailedExecution()],
  ['execution', 'the status "ok"', false, () => sampleExecution({ status: 'ok' as never })],
  [
    'execution',
    'a task status "error"',
    false,
    () => sampleExecution({ tasks: [{ name: 't', status: 'error' as never, durationSeconds: 1 }] }),
  ],
  ['execution', 'an empty error message', false, () => sampleFailedExecution({ errors: [''] })],
  [
    'execution',
    `taskCounts.ok ${LIMITS.maxTaskCount + 1}`,
    false,
    () => sampleExecution({ taskCounts: { ...sampleExecution().taskCounts, ok: LIMITS.maxTaskCount + 1 } }),
  ],
  ['execution', 'durationSeconds 5e-324', false, () => sampleExecution({ durationSeconds: 5e-324 })],
  ['feedback', 'the sample', true, () => sampleFeedback()],
  ['feedback', 'only a rating', true, () => ({ schemaVersion: 1, rating: 'thumbs_down' })],
  ['feedback', 'only schemaVersion', false, () => ({ schemaVersion: 1 })],
  ['feedback', 'a rating of "meh"', false, () => ({ schemaVersion: 1, rating: 'meh' })],
  ['heartbeat', 'the sample', true, () => sampleHeartbeat()],
  [
    'heartbeat',
    `${LIMITS.maxServices} services`,
    true,
    () => sampleHeartbeat({ services: services(LIMITS.maxServices) }),
  ],
  [
    'heartbeat',
    `${LIMITS.maxServices + 1} services`,
    false,
    () => sampleHeartbeat({ services: services(LIMITS.maxServices + 1) }),
  ],
  ['heartbeat', 'cpu 100.5 %', false, () => sampleHeartbeat({ cpuPercent: 100.5 })],
  ['heartbeat', 'cpu 1e-200 %', false, () => sampleHeartbeat({ cpuPercent: 1e-200 })],
  [
    'heartbeat',
    'a service state "degraded"',
    false,
    () => sampleHeartbeat({ services: { named: 'degraded' as never } }),
  ],
  ['heartbeat', 'a bad service name', false, () => sampleHeartbeat({ services: { 'bind 9': 'up' } })],
  ['heartbeat', 'a bad applianceId', false, () => sampleHeartbeat({ applianceId: '../etc' })],
  ['heartbeat-batch', 'one heartbeat', true, () => sampleHeartbeat()],
  [
    'heartbeat-batch',
    'a buffer of three',
    true,
    () => ({ heartbeats: [sampleHeartbeat(), sampleHeartbeat(), sampleHeartbeat()] }),
  ],
  ['heartbeat-batch', 'a decision', false, () => sampleDecision()],
];

describe('contractJsonSchemas', () => {
  it('gives one draft 2020-12 schema per payload with a URN $id', () => {
    // Prepare / Act
    const schemas = contractJsonSchemas();

    // Assess
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(ZOD).sort());
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`urn:aiops-observability:schema:v1:${name}`);
    }
  });

  it.each(CASES)('%s with %s: valid %s for zod and JSON Schema alike', (name, _what, valid, build) => {
    // Prepare
    const value = build();

    // Act
    const zodSays = ZOD[name].safeParse(value).success;
    const jsonSays = validJson(name, value);

    // Assess
    expect({ zod: zodSays, jsonSchema: jsonSays }).toEqual({ zod: valid, jsonSchema: valid });
  });

  it('makes batch items full decisions, not anything', () => {
    // Prepare
    const batch = contractJsonSchemas()['decision-batch'];

    // Act
    const text = JSON.stringify(batch);

    // Assess
    expect(text).toContain('"items":{"$ref":"#/$defs/Decision"}');
    expect(text).toContain(`"maxItems":${LIMITS.maxBatchItems}`);
  });

  it('carries only the $defs each schema uses', () => {
    // Prepare / Act
    const { heartbeat, decision } = contractJsonSchemas();

    // Assess
    expect(heartbeat.$defs).toBeUndefined();
    expect(Object.keys(decision.$defs as object).sort()).toEqual(['Intent', 'JsonValue', 'Llm', 'Playbook']);
  });

  it('uses only regular expression syntax Python, Go and ECMA-262 share', () => {
    // Prepare
    const patterns = JSON.stringify(contractJsonSchemas()).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];

    // Act
    const unportable = patterns.filter((p) => /\\\\[pPu]|\\\\d/.test(p));

    // Assess
    expect(patterns.length).toBeGreaterThan(10);
    expect(unportable).toEqual([]);
  });
});

describe('constraints JSON Schema cannot express (the API still enforces them)', () => {
  it('intent parameters over maxIntentParametersBytes: zod rejects, JSON Schema accepts', () => {
    // Prepare
    const parameters = { note: 'x'.repeat(LIMITS.maxIntentParametersBytes) };
    const decision = sampleDecision({ intent: { action: 'dns.add_record', parameters } });

    // Act / Assess
    expect(decisionSchema.safeParse(decision).success).toBe(false);
    expect(validJson('decision', decision)).toBe(true);
  });

  it('a lone surrogate: zod rejects, JSON Schema accepts', () => {
    // Prepare
    const decision = sampleDecision({ query: 'broken \ud83d text' });

    // Act / Assess
    expect(decisionSchema.safeParse(decision).success).toBe(false);
    expect(validJson('decision', decision)).toBe(true);
  });
});

describe('portablePattern', () => {
  it.each([
    ['^[^\\p{Cc}]+$', '^[^\\x00-\\x1F\\x7F-\\x9F]+$'],
    ['^\\p{Cc}$', '^[\\x00-\\x1F\\x7F-\\x9F]$'],
    ['^\\d{4}-[\\d.]+$', '^[0-9]{4}-[0-9.]+$'],
    ['^[^\\u0000-\\u0008\\u007f]*$', '^[^\\x00-\\x08\\x7F]*$'],
    ['^\\\\d\\.$', '^\\\\d\\.$'],
    ['^\\u20AC$', '^\\u20AC$'],
  ])('rewrites %s as %s', (pattern, expected) => {
    // Prepare / Act / Assess
    expect(portablePattern(pattern)).toBe(expected);
  });

  it('matches exactly what the original matches', () => {
    // Prepare
    const original = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;
    const portable = new RegExp(portablePattern(original.source), 'u');
    const probes = [
      'plain',
      'tab\t',
      'nl\n',
      'bel\u0007',
      'del\u007f',
      'nel\u0085',
      'apc\u009f',
      'nbsp\u00a0',
      '€🛠',
    ];

    // Act
    const differences = probes.filter((s) => original.test(s) !== portable.test(s));

    // Assess
    expect(differences).toEqual([]);
  });

  it('refuses Unicode properties it cannot translate', () => {
    // Prepare / Act / Assess
    expect(() => portablePattern('^\\p{L}+$')).toThrow(/no portable equivalent/);
  });
});

describe('convertSchema and contractComponents', () => {
  it('refuses a type JSON Schema cannot represent instead of writing {}', () => {
    // Prepare
    const schema = z.object({ at: z.date() });

    // Act / Assess
    expect(() => convertSchema(schema, 'input')).toThrow();
  });

  it('describes requests as sent and responses as answered', () => {
    // Prepare / Act
    const { Intent, StoredIntent } = contractComponents('#/components/schemas/');

    // Assess
    expect(Intent?.required).toEqual(['action']);
    expect(StoredIntent?.required).toEqual(['action', 'parameters']);
  });

  it('writes references with the prefix it is given', () => {
    // Prepare / Act
    const { Decision } = contractComponents('#/components/schemas/');

    // Assess
    expect(JSON.stringify(Decision)).toContain('"$ref":"#/components/schemas/Intent"');
    expect(JSON.stringify(Decision)).not.toContain('$defs');
  });
});
