/**
 * Decision items for the metric tests, built the way the ingest API builds them: contract
 * payloads from test/support/samples.ts, parsed by the real schemas, planned by
 * adapters/dynamodb/section-write.ts and merged with its `applySectionWrite`.
 */
import { randomUUID } from 'node:crypto';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
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

/** One write applied: the images before and after it (what a stream record carries). */
export interface Step {
  readonly outcome: WriteOutcome;
  readonly oldImage: DecisionItem | undefined;
  readonly newImage: DecisionItem;
}

/** Applies writes to one item in order, keeping every (old, new) pair. */
export function replay(writes: readonly SectionWrite[], start?: DecisionItem): Step[] {
  let item = start;
  return writes.map((write) => {
    const { outcome, item: next } = applySectionWrite(item, write);
    const step = { outcome, oldImage: item, newImage: next };
    item = next;
    return step;
  });
}

/** The item after the steps (the last new image). */
export const finalItem = (steps: readonly Step[]): DecisionItem => steps.at(-1)?.newImage as DecisionItem;

export const newDecisionId = (): string => randomUUID();
