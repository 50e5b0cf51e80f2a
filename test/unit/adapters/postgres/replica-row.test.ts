import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { unpackedItem } from '#adapters/dynamodb/packed-sections';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import {
  applySectionWrite,
  planDecision,
  planExecution,
  planFeedback,
  type SectionWrite,
} from '#adapters/dynamodb/section-write';
import { REPLICA_COLUMNS, toReplicaRow } from '#adapters/postgres/replica-row';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import type { IngestContext } from '#domain/decision-lifecycle';
import type { RecordedDecision } from '#domain/recorded-decision';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import {
  type DecisionInput,
  type ExecutionInput,
  type FeedbackInput,
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
} from '../../../support/samples.ts';

const ctx = (at = '2026-11-21T10:00:00Z'): IngestContext => ({
  customerId: 'acme',
  receivedAt: new Date(at),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

const decisionWrite = (d: DecisionInput) => planDecision(decisionSchema.parse(d), ctx());
const executionWrite = (id: string, e: ExecutionInput, at = '2026-11-21T10:01:00Z') =>
  planExecution(id, executionSchema.parse(e), ctx(at));
const feedbackWrite = (id: string, f: FeedbackInput, at = '2026-11-21T10:05:00Z') =>
  planFeedback(id, feedbackSchema.parse(f), ctx(at));

/** The stored item after these writes, applied in order. */
function storedItem(...writes: SectionWrite[]): DecisionItem {
  let item: DecisionItem | undefined;
  for (const w of writes) item = applySectionWrite(item, w).item;
  return item as DecisionItem;
}

/** The recorded decision after these writes, as the replica reads it from the stream. */
const stored = (...writes: SectionWrite[]): RecordedDecision => recordedDecision(storedItem(...writes));

describe('toReplicaRow', () => {
  it('maps a decision alone: its columns set, execution and feedback columns empty', () => {
    // Prepare
    const d = sampleDecision({ llm: { ...sampleDecision().llm, durationMs: 2315.6 } });
    const item = stored(decisionWrite(d));
    // Act
    const row = toReplicaRow(item);
    // Assess
    expect(row).toEqual({
      id: d.decisionId,
      timestamp: new Date(d.occurredAt).toISOString(),
      appliance_id: d.applianceId,
      customer_id: 'acme',
      query: item.decision?.fields.query,
      query_hash: item.decision?.fields.queryHash,
      parsed_intent: d.intent,
      confidence: d.confidence,
      llm_model: d.llm.model,
      llm_tokens_used: d.llm.inputTokens + d.llm.outputTokens,
      llm_duration_ms: Math.round(2315.6),
      playbook_yaml: d.playbook?.yaml,
      playbook_hash: d.playbook?.sha256,
      execution_status: null,
      execution_duration_seconds: null,
      tasks_executed: null,
      tasks_ok: null,
      tasks_changed: null,
      tasks_failed: null,
      execution_output: null,
      execution_errors: null,
      user_feedback: null,
      user_comment: null,
      is_training_data: false,
      human_verified: false,
      correct_intent: null,
      version: 1,
    });
    expect(Object.keys(row ?? {})).toEqual([...REPLICA_COLUMNS]);
  });

  it('has no row while only the execution or feedback has arrived', () => {
    // Prepare
    const id = randomUUID();
    const early = stored(executionWrite(id, sampleExecution()), feedbackWrite(id, sampleFeedback()));
    // Act / Assess
    expect(toReplicaRow(early)).toBeUndefined();
  });

  it('adds the execution: counts, errors, output; tasks executed counts ok, failed and unreachable once', () => {
    // Prepare
    const d = sampleDecision();
    const e = sampleFailedExecution({
      taskCounts: { ok: 4, changed: 2, failed: 1, skipped: 3, unreachable: 1 },
    });
    const item = stored(executionWrite(d.decisionId, e), decisionWrite(d));
    // Act
    const row = toReplicaRow(item);
    // Assess
    expect(row).toMatchObject({
      execution_status: 'failed',
      execution_duration_seconds: e.durationSeconds,
      tasks_executed: 4 + 1 + 1,
      tasks_ok: 4,
      tasks_changed: 2,
      tasks_failed: 1,
      execution_output: e.output,
      execution_errors: e.errors,
      version: 2,
    });
  });

  it('gives an execution without errors an empty error list, not NULL', () => {
    // Prepare
    const d = sampleDecision();
    const { errors: _none, ...e } = sampleExecution();
    // Act
    const row = toReplicaRow(stored(decisionWrite(d), executionWrite(d.decisionId, e)));
    // Assess
    expect(row?.execution_errors).toEqual([]);
  });

  it('takes the merged feedback: later events win field by field', () => {
    // Prepare
    const d = sampleDecision();
    const correctIntent = {
      action: 'dns.add_record',
      parameters: { zone: 'office.example', name: 'intranet2' },
    };
    const operator = sampleFeedback({
      rating: 'thumbs_down',
      comment: 'Wrong host name.',
      humanVerified: undefined,
      isTrainingData: undefined,
      submittedAt: '2026-11-21T10:02:00Z',
    });
    const reviewer: FeedbackInput = {
      schemaVersion: 1,
      correctIntent,
      humanVerified: true,
      isTrainingData: true,
      submittedAt: '2026-11-21T11:00:00Z',
    };
    // The reviewer's verdict arrives first; submittedAt still orders the merge.
    const item = stored(
      decisionWrite(d),
      feedbackWrite(d.decisionId, reviewer, '2026-11-21T11:00:01Z'),
      feedbackWrite(d.decisionId, operator, '2026-11-21T11:00:02Z'),
    );
    // Act
    const row = toReplicaRow(item);
    // Assess
    expect(row).toMatchObject({
      user_feedback: 'thumbs_down',
      user_comment: 'Wrong host name.',
      correct_intent: correctIntent,
      human_verified: true,
      is_training_data: true,
      version: 3,
    });
  });

  it('stores the redacted query, never the secret', () => {
    // Prepare
    const d = sampleDecision({ query: 'reset the samba admin, password=hunter2secret' });
    // Act
    const row = toReplicaRow(stored(decisionWrite(d)));
    // Assess
    expect(row?.query).not.toContain('hunter2secret');
    expect(row?.query_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves the playbook columns empty for a decision without a playbook', () => {
    // Prepare
    const { playbook: _none, ...d } = sampleDecision();
    // Act
    const row = toReplicaRow(stored(decisionWrite(d)));
    // Assess
    expect(row).toMatchObject({ playbook_yaml: null, playbook_hash: null });
  });

  it('names the missing field of an item whose decision section is incomplete', () => {
    // Prepare: the item in its unpacked layout (as stored before packing), without `llm`
    const { llm: _gone, ...broken } = unpackedItem(storedItem(decisionWrite(sampleDecision())));
    // Act / Assess
    expect(() => toReplicaRow(recordedDecision(broken as DecisionItem))).toThrow(/: llm is missing/);
  });
});
