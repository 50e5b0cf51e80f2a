/**
 * Bad input, part 2: well-formed JSON that breaks the shape of a decision. Wrong types for
 * every top-level field, numbers JSON cannot carry (`1e999`), out-of-range confidence,
 * oversized fields and unknown fields. Each gets a 422 problem+json naming the failing field
 * by JSON Pointer, and nothing is written.
 */
import { describe, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, samplePlaybook } from '../support/samples.ts';
import {
  type BadCase,
  expectStillUp,
  refused,
  runBadCase,
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

const wrongTypes: BadCase[] = [
  bad('schemaVersion as a string', decision({ schemaVersion: '1' }), '/schemaVersion'),
  bad('schemaVersion 2', decision({ schemaVersion: 2 }), '/schemaVersion'),
  bad('decisionId as a number', decision({ decisionId: 123 }), '/decisionId'),
  bad('decisionId not a UUID', decision({ decisionId: 'not-a-uuid' }), '/decisionId'),
  bad('occurredAt as epoch seconds', decision({ occurredAt: 1_763_719_200 }), '/occurredAt'),
  bad('applianceId as an object', decision({ applianceId: { id: 'x' } }), '/applianceId'),
  bad('applianceId empty', decision({ applianceId: '' }), '/applianceId'),
  bad('agent as a string', decision({ agent: 'aiops-agent' }), '/agent'),
  bad('agent.name as a number', decision({ agent: { ...sample.agent, name: 5 } }), '/agent/name'),
  bad('query as a number', decision({ query: 42 }), '/query'),
  bad('query empty', decision({ query: '' }), '/query'),
  bad('query as an array', decision({ query: ['a'] }), '/query'),
  bad('intent as an array', decision({ intent: ['dns.add_record'] }), '/intent'),
  bad(
    'intent.action with spaces',
    decision({ intent: { ...sample.intent, action: 'DNS ADD' } }),
    '/intent/action',
  ),
  bad(
    'intent.parameters as an array',
    decision({ intent: { ...sample.intent, parameters: [1] } }),
    '/intent/parameters',
  ),
  bad('confidence as a string', decision({ confidence: '0.9' }), '/confidence'),
  bad('confidence null', decision({ confidence: null }), '/confidence'),
  bad('confidence as a boolean', decision({ confidence: true }), '/confidence'),
  bad('llm as a string', decision({ llm: 'claude' }), '/llm'),
  bad('llm.inputTokens negative', decision({ llm: { ...sample.llm, inputTokens: -1 } }), '/llm/inputTokens'),
  bad(
    'llm.inputTokens fractional',
    decision({ llm: { ...sample.llm, inputTokens: 1.5 } }),
    '/llm/inputTokens',
  ),
  bad(
    'llm.durationMs as a string',
    decision({ llm: { ...sample.llm, durationMs: '2s' } }),
    '/llm/durationMs',
  ),
  bad('playbook as a string', decision({ playbook: '---\n- hosts: all' }), '/playbook'),
  bad(
    'playbook.sha256 not hex',
    decision({ playbook: { ...samplePlaybook(), sha256: 'XYZ' } }),
    '/playbook/sha256',
  ),
  bad('traceId as a number', decision({ traceId: 42 }), '/traceId'),
  bad('traceId not a trace id', decision({ traceId: 'abc' }), '/traceId'),
  bad('query missing', decision({ query: undefined }), '/query'),
  bad('confidence missing', decision({ confidence: undefined }), '/confidence'),
];

const numbers: BadCase[] = [
  bad(
    'confidence 1e999 (parses to Infinity)',
    withRawValue(decision({}), 'confidence', '1e999'),
    '/confidence',
  ),
  bad('confidence -1e999', withRawValue(decision({}), 'confidence', '-1e999'), '/confidence'),
  bad(
    'llm.durationMs 1e999',
    withRawValue(
      decision({}),
      'llm',
      JSON.stringify(sample.llm).replace(/"durationMs":[^,}]+/, '"durationMs":1e999'),
    ),
    '/llm/durationMs',
  ),
  bad('confidence -0.01', decision({ confidence: -0.01 }), '/confidence', 'too_small'),
  bad('confidence 1.0001', decision({ confidence: 1.0001 }), '/confidence', 'too_big'),
  bad('confidence -1e-10', decision({ confidence: -1e-10 }), '/confidence', 'too_small'),
];

const bigParameters = { blob: over(LIMITS.maxIntentParametersBytes) };

const oversized: BadCase[] = [
  bad('query of maxQueryChars + 1', decision({ query: over(LIMITS.maxQueryChars + 1) }), '/query', 'too_big'),
  bad(
    'playbook yaml of maxPlaybookChars + 1',
    decision({ playbook: samplePlaybook(`---\n${over(LIMITS.maxPlaybookChars - 3)}`) }),
    '/playbook/yaml',
    'too_big',
  ),
  bad(
    'intent parameters over maxIntentParametersBytes',
    decision({ intent: { action: 'dns.add_record', parameters: bigParameters } }),
    '/intent/parameters',
  ),
  bad(
    'agent.name of maxNameChars + 1',
    decision({ agent: { ...sample.agent, name: over(LIMITS.maxNameChars + 1) } }),
    '/agent/name',
    'too_big',
  ),
  bad('applianceId of 129 characters', decision({ applianceId: over(129) }), '/applianceId'),
  bad(
    'playbook tasksCount over maxTasks',
    decision({ playbook: { ...samplePlaybook(), tasksCount: LIMITS.maxTasks + 1 } }),
    '/playbook/tasksCount',
  ),
];

const unknownFields: BadCase[] = [
  bad('unknown top-level field', decision({ extra: 1 }), '/extra', 'unknown_field'),
  bad('agent.extra', decision({ agent: { ...sample.agent, extra: 'x' } }), '/agent/extra', 'unknown_field'),
  bad('llm.foo', decision({ llm: { ...sample.llm, foo: 1 } }), '/llm/foo', 'unknown_field'),
  bad(
    'intent.extra',
    decision({ intent: { ...sample.intent, extra: true } }),
    '/intent/extra',
    'unknown_field',
  ),
  bad(
    'playbook.extra',
    decision({ playbook: { ...samplePlaybook(), extra: 1 } }),
    '/playbook/extra',
    'unknown_field',
  ),
  bad(
    'customerId (set by the key, not the client)',
    decision({ customerId: 'globex' }),
    '/customerId',
    'unknown_field',
  ),
  bad(
    'a field named __proto__',
    `${JSON.stringify(decision({})).slice(0, -1)},"__proto__":{"x":1}}`,
    '/__proto__',
    'forbidden_key',
  ),
  bad('a key with / and ~ (escaped in the pointer)', decision({ 'a/b~c': 1 }), '/a~1b~0c', 'unknown_field'),
];

describe('POST /v1/decisions refuses a decision of the wrong shape', () => {
  it.each([
    ...wrongTypes.map((c) => ({ ...c, name: `wrong type: ${c.name}` })),
    ...numbers.map((c) => ({ ...c, name: `number: ${c.name}` })),
    ...oversized.map((c) => ({ ...c, name: `oversized: ${c.name}` })),
    ...unknownFields.map((c) => ({ ...c, name: `unknown field: ${c.name}` })),
  ])('$name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
