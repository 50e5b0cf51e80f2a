import type { DecisionChange } from '../recorded-decision.ts';
import type { MetricDelta } from './deltas.ts';
import { deriveDecisionDeltas } from './derive.ts';
import { foldDeltas } from './fold.ts';
import { boundTenantLabels, type LabelValueRegistry } from './label-bound.ts';

/** The metric deltas of one change, with the tenant whose labels they carry. */
export interface DerivedChange {
  readonly sequenceNumber: string;
  /** The decision's tenant; absent when the change derives nothing. */
  readonly customerId?: string;
  readonly deltas: readonly MetricDelta[];
}

/**
 * The deltas of one change of a decision (see `deriveDecisionDeltas`) and its tenant.
 * @throws Error naming the decision and the field when a number the metrics need is invalid.
 * @example deriveChange({ sequenceNumber: '1', after: recorded }).deltas
 */
export function deriveChange(change: DecisionChange): DerivedChange {
  const customerId = change.after?.customerId ?? change.before?.customerId;
  return {
    sequenceNumber: change.sequenceNumber,
    ...(customerId === undefined ? {} : { customerId }),
    deltas: deriveDecisionDeltas(change.before, change.after),
  };
}

/**
 * The additive series increments of a derived change, with the tenant's label values bounded:
 * values the registry does not admit for the tenant are counted under `other`, and the
 * folding is counted (see `label-bound.ts`). Zero entries are dropped, so a change that
 * counts nothing writes nothing. The registry's answers are durable, so a redelivered change
 * gets the same increments.
 * @example (await recordIncrements(deriveChange({ sequenceNumber: '1', after: recorded }), registry)).get('aiops_feedback_total{rating="thumbs_up"}')
 */
export async function recordIncrements(
  change: DerivedChange,
  registry: LabelValueRegistry,
): Promise<Map<string, number>> {
  const deltas =
    change.deltas.length === 0 || change.customerId === undefined
      ? change.deltas
      : await boundTenantLabels(change.deltas, change.customerId, registry);
  const sums = foldDeltas(deltas);
  for (const [key, value] of sums) if (value === 0) sums.delete(key);
  return sums;
}
