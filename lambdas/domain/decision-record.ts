import type { DecisionRecord } from '#contract/responses';
import { feedbackEvents, mergedFeedback } from './feedback-merge.ts';
import type { RecordedDecision } from './recorded-decision.ts';

/**
 * The API's view of a recorded decision: the decision's fields, its execution, the merged
 * feedback, the redaction rules that matched anywhere and when each kind of event arrived.
 * @example json(200, toDecisionRecord(await store.get(customerId, decisionId)))
 */
export function toDecisionRecord(d: RecordedDecision): DecisionRecord {
  const record: Record<string, unknown> = { decisionId: d.decisionId, customerId: d.customerId };
  Object.assign(record, d.decision?.fields);
  if (d.execution) record.execution = d.execution.fields;
  const feedback = mergedFeedback(d.feedback);
  if (feedback) record.feedback = feedback;
  const redactions = new Set<string>();
  const receivedAt: Record<string, string> = {};
  for (const section of ['decision', 'execution'] as const) {
    for (const r of d[section]?.redactions ?? []) redactions.add(r);
    const at = d[section]?.receivedAt;
    if (typeof at === 'string') receivedAt[section] = at;
  }
  for (const event of feedbackEvents(d.feedback)) {
    for (const r of event.redactions ?? []) redactions.add(r);
    if (!receivedAt.feedback || event.receivedAt > receivedAt.feedback)
      receivedAt.feedback = event.receivedAt;
  }
  if (redactions.size > 0) record.redactions = [...redactions].sort();
  record.receivedAt = receivedAt;
  record.version = Number(d.version);
  return record as DecisionRecord;
}
