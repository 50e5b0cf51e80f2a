import type { DecisionEvent } from '#contract/decision';
import type { ExecutionEvent } from '#contract/execution';
import type { FeedbackEvent } from '#contract/feedback';
import type { RedactionRule } from './redaction.ts';

/** What the ingest side knows besides the event: who sent it, when, and the rules. */
export interface IngestContext {
  readonly customerId: string;
  readonly receivedAt: Date;
  /** Days a decision is kept after its latest event's arrival (the decision's own arrival wins). */
  readonly retentionDays: number;
  /** Applied to the event's free text before it is stored (and before its content is hashed). */
  readonly rules: readonly RedactionRule[];
}

/**
 * One event of a decision's life, to record once: the decision itself, its execution result,
 * or one piece of feedback. Events merge in any order; the same content again is a retry.
 */
export type DecisionLifecycleEvent =
  | { readonly section: 'decision'; readonly event: DecisionEvent }
  | { readonly section: 'execution'; readonly decisionId: string; readonly event: ExecutionEvent }
  | { readonly section: 'feedback'; readonly decisionId: string; readonly event: FeedbackEvent };

/**
 * What recording an event did: `accepted` the first time, `duplicate` for the same content
 * again, `conflict` for different content under the same id, `limit` when the decision
 * already holds the most feedback events allowed, `too_large` when the merged record would
 * pass the store's size limit.
 */
export type WriteOutcome = 'accepted' | 'duplicate' | 'conflict' | 'limit' | 'too_large';

/** The decision an event belongs to. */
export const decisionIdOf = (e: DecisionLifecycleEvent): string =>
  e.section === 'decision' ? e.event.decisionId : e.decisionId;
