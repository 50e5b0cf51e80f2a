import type { RecordedFeedback } from './recorded-decision.ts';

/** The feedback events of a decision, oldest first (by submittedAt, else arrival; then content). */
export function feedbackEvents(feedback: readonly RecordedFeedback[]): RecordedFeedback[] {
  const time = (f: RecordedFeedback): string =>
    typeof f.fields.submittedAt === 'string' ? f.fields.submittedAt : f.receivedAt;
  return [...feedback].sort((a, b) => {
    const ta = time(a);
    const tb = time(b);
    return ta < tb ? -1 : ta > tb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * The feedback of a decision: its events merged field by field, the later one winning,
 * so "thumbs down" now and "human verified" from a reviewer later read as one verdict.
 * @returns `undefined` when there is no feedback yet.
 * @example mergedFeedback(recorded.feedback) // { rating: 'thumbs_down', humanVerified: true }
 */
export function mergedFeedback(feedback: readonly RecordedFeedback[]): Record<string, unknown> | undefined {
  const events = feedbackEvents(feedback);
  if (events.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const { fields } of events) Object.assign(merged, fields);
  return merged;
}
