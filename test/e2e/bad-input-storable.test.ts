/**
 * Bad input, part 7: values the contract used to accept that DynamoDB or the PostgreSQL replica
 * cannot keep. Numbers DynamoDB cannot hold (magnitude below 1e-130 or from 1e126), counts the
 * replica's `integer` columns cannot hold, U+0000 and lone surrogates (PostgreSQL `text` and
 * `jsonb` refuse them), empty member names (DynamoDB refuses them in maps) and timestamps
 * before 1970: each is refused at the door with a 422 naming the field, and nothing is written.
 * The values next to them, numbers beyond 2^53 in the intent parameters included, are
 * accepted, read back as sent and land in the replica, with no dead letter.
 */
import { describe, expect, it } from 'vitest';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleFeedback, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectStillUp,
  refused,
  runBadCase,
  send,
  UNUSED_ID,
  withFields,
  withRawValue,
} from './bad-input-helpers.ts';

const api = useTestApi({}, { pipeline: true });

const DECISIONS = '/v1/decisions';
const EXECUTION = `/v1/decisions/${UNUSED_ID}/execution`;
const FEEDBACK = `/v1/decisions/${UNUSED_ID}/feedback`;
const HEARTBEATS = '/v1/heartbeats';

const decision = (o: Record<string, unknown> = {}) => withFields(sampleDecision(), o);
const execution = (o: Record<string, unknown> = {}) => withFields(sampleExecution(), o);
const feedback = (o: Record<string, unknown> = {}) => withFields(sampleFeedback(), o);
const heartbeat = (o: Record<string, unknown> = {}) => withFields(sampleHeartbeat(), o);
const params = (parameters: Record<string, unknown>) => ({ action: 'dns.add_record', parameters });
const llm = (o: Record<string, unknown>) => ({ ...sampleDecision().llm, ...o });
const counts = (o: Record<string, unknown>) => ({ ...sampleExecution().taskCounts, ...o });
const INT4_MAX = 2 ** 31 - 1;

const numbers: BadCase[] = [
  refused('confidence 1e-200', DECISIONS, decision({ confidence: 1e-200 }), '/confidence'),
  refused('confidence 5e-324', DECISIONS, decision({ confidence: 5e-324 }), '/confidence'),
  refused(
    'llm.durationMs 1e-131',
    DECISIONS,
    decision({ llm: llm({ durationMs: 1e-131 }) }),
    '/llm/durationMs',
  ),
  refused(
    'intent.parameters 1e-200',
    DECISIONS,
    decision({ intent: params({ ratio: 1e-200 }) }),
    '/intent/parameters/ratio',
  ),
  refused(
    'intent.parameters -1e-131 in an array',
    DECISIONS,
    decision({ intent: params({ list: [1, -1e-131] }) }),
    '/intent/parameters/list/1',
  ),
  refused(
    'intent.parameters 1e126',
    DECISIONS,
    decision({ intent: params({ big: 1e126 }) }),
    '/intent/parameters/big',
  ),
  refused(
    'intent.parameters -1.7976931348623157e308 nested',
    DECISIONS,
    decision({ intent: params({ a: { b: -Number.MAX_VALUE } }) }),
    '/intent/parameters/a/b',
  ),
  refused(
    'execution durationSeconds 1e-200',
    EXECUTION,
    execution({ durationSeconds: 1e-200 }),
    '/durationSeconds',
  ),
  refused(
    'execution tasks[0].durationSeconds 5e-324',
    EXECUTION,
    execution({ tasks: [{ name: 'a task', status: 'ok', durationSeconds: 5e-324 }] }),
    '/tasks/0/durationSeconds',
  ),
  refused(
    'feedback correctIntent.parameters 1e-200',
    FEEDBACK,
    feedback({ correctIntent: params({ ratio: 1e-200 }) }),
    '/correctIntent/parameters/ratio',
  ),
  refused('heartbeat cpuPercent 1e-200', HEARTBEATS, heartbeat({ cpuPercent: 1e-200 }), '/cpuPercent'),
  refused('heartbeat diskPercent 5e-324', HEARTBEATS, heartbeat({ diskPercent: 5e-324 }), '/diskPercent'),
];

const replicaIntegers: BadCase[] = [
  refused(
    'llm.inputTokens 2^31',
    DECISIONS,
    decision({ llm: llm({ inputTokens: 2 ** 31 }) }),
    '/llm/inputTokens',
  ),
  refused(
    'llm.outputTokens 2^53 - 1',
    DECISIONS,
    decision({ llm: llm({ outputTokens: Number.MAX_SAFE_INTEGER }) }),
    '/llm/outputTokens',
  ),
  refused(
    `llm.inputTokens ${LIMITS.maxTokens + 1}`,
    DECISIONS,
    decision({ llm: llm({ inputTokens: LIMITS.maxTokens + 1 }) }),
    '/llm/inputTokens',
  ),
  refused(
    'taskCounts.ok 2^31',
    EXECUTION,
    execution({ taskCounts: counts({ ok: 2 ** 31 }) }),
    '/taskCounts/ok',
  ),
  refused(
    'taskCounts.failed 2^53 - 1',
    EXECUTION,
    execution({ taskCounts: counts({ failed: Number.MAX_SAFE_INTEGER }) }),
    '/taskCounts/failed',
  ),
  refused(
    `taskCounts.unreachable ${LIMITS.maxTaskCount + 1}`,
    EXECUTION,
    execution({ taskCounts: counts({ unreachable: LIMITS.maxTaskCount + 1 }) }),
    '/taskCounts/unreachable',
  ),
];

const text: BadCase[] = [
  refused(
    'intent.parameters string with \\u0000',
    DECISIONS,
    decision({ intent: params({ name: 'printer\u00003' }) }),
    '/intent/parameters/name',
  ),
  refused(
    'intent.parameters member name with \\u0000',
    DECISIONS,
    decision({ intent: params({ a: { 'b\u0000': 1 } }) }),
    '/intent/parameters/a/b\u0000',
  ),
  refused(
    'intent.parameters top-level member name with \\u0000',
    DECISIONS,
    decision({ intent: params({ 'b\u0000': 1 }) }),
    '/intent/parameters/b\u0000',
  ),
  refused(
    'intent.parameters string with a lone surrogate',
    DECISIONS,
    withRawValue(decision(), 'intent', '{"action":"dns.add_record","parameters":{"name":"a\\ud800b"}}'),
    '/intent/parameters/name',
  ),
  refused(
    'intent.parameters empty member name, nested',
    DECISIONS,
    decision({ intent: params({ labels: { '': 'x' } }) }),
    '/intent/parameters/labels/',
  ),
  refused(
    'llm.responseId with a lone surrogate',
    DECISIONS,
    withRawValue(decision(), 'llm', JSON.stringify(llm({})).replace('"msg_', '"\\udc00msg_')),
    '/llm/responseId',
  ),
  refused(
    'feedback correctIntent.parameters string with \\u0000',
    FEEDBACK,
    feedback({ correctIntent: params({ list: ['ok', '\u0000'] }) }),
    '/correctIntent/parameters/list/1',
  ),
];

const timestamps: BadCase[] = [
  refused(
    'occurredAt in year 0000',
    DECISIONS,
    decision({ occurredAt: '0000-01-01T00:00:00Z' }),
    '/occurredAt',
  ),
  refused(
    'occurredAt in year 0001 that its offset puts in year 0000',
    DECISIONS,
    decision({ occurredAt: '0001-01-01T00:30:00+01:00' }),
    '/occurredAt',
  ),
  refused(
    'occurredAt one second before 1970',
    DECISIONS,
    decision({ occurredAt: '1969-12-31T23:59:59Z' }),
    '/occurredAt',
  ),
  refused(
    'execution startedAt in year 0000',
    EXECUTION,
    execution({ startedAt: '0000-06-01T00:00:00Z' }),
    '/startedAt',
  ),
  refused(
    'feedback submittedAt in year 0000',
    FEEDBACK,
    feedback({ submittedAt: '0000-06-01T00:00:00Z' }),
    '/submittedAt',
  ),
  refused(
    'heartbeat sentAt in year 0000',
    HEARTBEATS,
    heartbeat({ sentAt: '0000-06-01T00:00:00Z' }),
    '/sentAt',
  ),
];

describe('values the store or the replica cannot keep are refused at the door', () => {
  it.each([
    ...numbers.map((c) => ({ ...c, name: `number: ${c.name}` })),
    ...replicaIntegers.map((c) => ({ ...c, name: `replica integer: ${c.name}` })),
    ...text.map((c) => ({ ...c, name: `text: ${c.name}` })),
    ...timestamps.map((c) => ({ ...c, name: `timestamp: ${c.name}` })),
  ])('$name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });
});

/** The `ai_decisions` row of a decision, once the replica has caught up. */
async function replicaRow(id: string): Promise<Record<string, unknown> | undefined> {
  await api.pipeline?.drained(30_000);
  const db = await (api.replicaDatabase as () => Promise<SqlClient>)();
  const res = await db.query(
    `SELECT parsed_intent, correct_intent, confidence, llm_tokens_used, tasks_executed, tasks_ok,
       tasks_changed, tasks_failed FROM ai_decisions WHERE id = $1::uuid`,
    [id],
  );
  return res.rows[0];
}

describe('the values next to them are accepted, read back as sent and replicated', () => {
  it('numbers beyond 2^53 and down to 1e-130 in intent.parameters and correctIntent.parameters', async () => {
    // Prepare
    const parameters = {
      big: 1e16,
      maxSafePlusOne: 2 ** 53,
      negative: -1e20,
      largest: 9.999999999999998e125,
      smallest: 1e-130,
      negativeSmallest: -1e-130,
      list: [2 ** 60, 0, -0.5, 1e21],
      nested: { deeper: { id: 12345678901234567000 } },
      controls: 'tab\tbell\u0007 next-line\u0085 del\u007f',
    };
    const d = decision({ intent: params(parameters), confidence: 1e-130 });
    const correct = params({ big: 1e17 });
    const id = d.decisionId as string;

    // Act
    const posted = await send(api, { method: 'POST', path: DECISIONS, json: d });
    const fed = await send(api, {
      method: 'POST',
      path: `/v1/decisions/${id}/feedback`,
      json: feedback({ correctIntent: correct }),
    });
    const back = await send(api, { method: 'GET', path: `/v1/decisions/${id}` });
    const row = await replicaRow(id);

    // Assess
    expect(posted.status, posted.text).toBe(201);
    expect(fed.status, fed.text).toBe(201);
    expect(back.status, back.text).toBe(200);
    expect(back.body.intent).toEqual(params(parameters));
    expect(back.body.confidence).toBe(1e-130);
    expect(back.body.feedback.correctIntent).toEqual(correct);
    expect(row?.parsed_intent).toEqual(params(parameters));
    expect(row?.correct_intent).toEqual(correct);
    expect(row?.confidence).toBe(1e-130);
  });

  it('token and task counts at their limits fill the replica’s integer columns', async () => {
    // Prepare
    const d = decision({ llm: llm({ inputTokens: LIMITS.maxTokens, outputTokens: LIMITS.maxTokens }) });
    const id = d.decisionId as string;
    const max = LIMITS.maxTaskCount;
    const e = execution({
      taskCounts: { ok: max, changed: max, failed: max, skipped: max, unreachable: max },
    });

    // Act
    const posted = await send(api, { method: 'POST', path: DECISIONS, json: d });
    const executed = await send(api, { method: 'POST', path: `/v1/decisions/${id}/execution`, json: e });
    const row = await replicaRow(id);

    // Assess
    expect(posted.status, posted.text).toBe(201);
    expect(executed.status, executed.text).toBe(201);
    expect(2 * LIMITS.maxTokens).toBeLessThanOrEqual(INT4_MAX);
    expect(3 * LIMITS.maxTaskCount).toBeLessThanOrEqual(INT4_MAX);
    expect(row).toMatchObject({
      llm_tokens_used: 2 * LIMITS.maxTokens,
      tasks_executed: 3 * max,
      tasks_ok: max,
      tasks_changed: max,
      tasks_failed: max,
    });
  });

  it('occurredAt at 1970-01-01T00:00:00Z exactly', async () => {
    // Prepare
    const d = decision({ occurredAt: '1970-01-01T01:00:00+01:00' });

    // Act
    const posted = await send(api, { method: 'POST', path: DECISIONS, json: d });
    const back = await send(api, { method: 'GET', path: `/v1/decisions/${d.decisionId}` });
    await replicaRow(d.decisionId as string);

    // Assess
    expect(posted.status, posted.text).toBe(201);
    expect(back.body.occurredAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('nothing the API accepted above ended up in a dead letter', async () => {
    // Act
    await api.pipeline?.drained(30_000);

    // Assess
    expect(await api.pipeline?.deadLetters.list()).toEqual([]);
    await expectStillUp(api);
  });
});
