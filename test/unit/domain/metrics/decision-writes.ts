/**
 * Recorded decisions for the metric tests, built the way the ingest API and the stream build
 * them: contract payloads from test/support/samples.ts, parsed by the real schemas, planned by
 * adapters/dynamodb/section-write.ts, merged with its `applySectionWrite` and read back as the
 * stream's images are (`recordedDecision`).
 */
import { randomUUID } from 'node:crypto';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import {
  applySectionWrite,
  planDecision,
  planExecution,
  planFeedback,
  type SectionWrite,
} from '#adapters/dynamodb/section-write';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import type { IngestContext, WriteOutcome } from '#domain/decision-lifecycle';
import type { RecordedDecision } from '#domain/recorded-decision';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import {
  type DecisionInput,
  type ExecutionInput,
  type FeedbackInput,
  sampleDecision,
  sampleExecution,
} from '../../../support/samples.ts';

const ctx = (afterMs = 0): IngestContext => ({
  customerId: 'acme',
  receivedAt: new Date(Date.parse('2026-11-21T10:00:00Z') + afterMs),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

/** The write of a sample decision (with overrides) under `decisionId`. */
export const decisionWrite = (decisionId: string, overrides: Partial<DecisionInput> = {}): SectionWrite =>
  planDecision(decisionSchema.parse(sampleDecision({ decisionId, ...overrides })), ctx());

/** The write of a sample execution (with overrides) of `decisionId`. */
export const executionWrite = (decisionId: string, overrides: Partial<ExecutionInput> = {}): SectionWrite =>
  planExecution(decisionId, executionSchema.parse(sampleExecution(overrides)), ctx(60_000));

/** The write of one feedback event with exactly these fields. */
export const feedbackWrite = (
  decisionId: string,
  fields: Omit<FeedbackInput, 'schemaVersion'>,
): SectionWrite =>
  planFeedback(decisionId, feedbackSchema.parse({ schemaVersion: 1, ...fields }), ctx(120_000));

/** One write applied: the record before and after it (what a stream record carries), and the item after. */
export interface Step {
  readonly outcome: WriteOutcome;
  readonly before: RecordedDecision | undefined;
  readonly after: RecordedDecision;
  readonly item: DecisionItem;
}

/** Applies writes to one item in order, keeping every (before, after) pair. */
export function replay(writes: readonly SectionWrite[], start?: DecisionItem): Step[] {
  let item = start;
  return writes.map((write) => {
    const { outcome, item: next } = applySectionWrite(item, write);
    const step = {
      outcome,
      before: item ? recordedDecision(item) : undefined,
      after: recordedDecision(next),
      item: next,
    };
    item = next;
    return step;
  });
}

/** The record after the steps (the last one after). */
export const finalRecord = (steps: readonly Step[]): RecordedDecision =>
  steps.at(-1)?.after as RecordedDecision;

/** A recorded decision with some of its decision's fields replaced (a record no API would store). */
export const withDecisionFields = (
  record: RecordedDecision,
  fields: Record<string, unknown>,
): RecordedDecision => ({
  ...record,
  decision: { ...record.decision, fields: { ...record.decision?.fields, ...fields } },
});

export const newDecisionId = (): string => randomUUID();
