import type { DecisionItem } from '../decision-item.ts';
import { deriveDecisionDeltas } from './derive.ts';
import { foldDeltas } from './fold.ts';

/** One stream record of the decisions table, reduced to what the aggregator needs. */
export interface DecisionChange {
  readonly sequenceNumber: string;
  readonly oldImage?: DecisionItem;
  readonly newImage?: DecisionItem;
}

/**
 * The additive series increments of one change of a decision (zero entries dropped, so a
 * change that counts nothing writes nothing).
 * @example recordIncrements({ sequenceNumber: '1', newImage }).get('aiops_feedback_total{rating="thumbs_up"}')
 */
export function recordIncrements(change: DecisionChange): Map<string, number> {
  const sums = foldDeltas(deriveDecisionDeltas(change.oldImage, change.newImage));
  for (const [key, value] of sums) if (value === 0) sums.delete(key);
  return sums;
}
