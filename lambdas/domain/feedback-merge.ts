import { type DecisionItem, FEEDBACK_EVENT_PREFIX } from '#adapters/dynamodb/decision-item';

/** One stored feedback event: the fields a person gave, when, and when it arrived. */
export interface StoredFeedback {
  readonly submittedAt?: string;
  readonly receivedAt: string;
  readonly redactions?: string[];
  readonly [field: string]: unknown;
}

/** The feedback events of a stored decision, oldest first (by submittedAt, else arrival; then content). */
export function feedbackEvents(item: DecisionItem): StoredFeedback[] {
  return Object.entries(item)
    .filter(([k]) => k.startsWith(FEEDBACK_EVENT_PREFIX))
    .map(([k, v]) => ({ key: k, event: v as StoredFeedback }))
    .sort((a, b) => {
      const ta = a.event.submittedAt ?? a.event.receivedAt;
      const tb = b.event.submittedAt ?? b.event.receivedAt;
      return ta < tb ? -1 : ta > tb ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    })
    .map((e) => e.event);
}

/**
 * The feedback of a decision: its events merged field by field, the later one winning,
 * so "thumbs down" now and "human verified" from a reviewer later read as one verdict.
 * @returns `undefined` when there is no feedback yet.
 */
export function mergedFeedback(item: DecisionItem): Record<string, unknown> | undefined {
  const events = feedbackEvents(item);
  if (events.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const { receivedAt: _r, redactions: _x, ...fields } of events) Object.assign(merged, fields);
  return merged;
}
