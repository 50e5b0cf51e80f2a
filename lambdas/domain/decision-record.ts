import { type DecisionItem, redactionsAttribute } from '#adapters/dynamodb/decision-item';
import type { DecisionRecord } from '#contract/responses';
import { feedbackEvents, mergedFeedback } from './feedback-merge.ts';

const DECISION_FIELDS = [
  'applianceId',
  'occurredAt',
  'agent',
  'query',
  'queryHash',
  'intent',
  'confidence',
  'llm',
  'playbook',
  'traceId',
] as const;

/** The API's view of a stored item: index keys and hashes stay internal. */
export function toDecisionRecord(item: DecisionItem): DecisionRecord {
  const record: Record<string, unknown> = { decisionId: item.decisionId, customerId: item.customerId };
  for (const field of DECISION_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  if (item.execution !== undefined) record.execution = item.execution;
  const feedback = mergedFeedback(item);
  if (feedback) record.feedback = feedback;
  const redactions = new Set<string>();
  const receivedAt: Record<string, string> = {};
  for (const section of ['decision', 'execution'] as const) {
    for (const r of (item[redactionsAttribute(section)] as string[] | undefined) ?? []) redactions.add(r);
    const at = item[`${section}ReceivedAt`];
    if (typeof at === 'string') receivedAt[section] = at;
  }
  for (const event of feedbackEvents(item)) {
    for (const r of event.redactions ?? []) redactions.add(r);
    if (!receivedAt.feedback || event.receivedAt > receivedAt.feedback)
      receivedAt.feedback = event.receivedAt;
  }
  if (redactions.size > 0) record.redactions = [...redactions].sort();
  record.receivedAt = receivedAt;
  record.version = Number(item.version);
  return record as DecisionRecord;
}
