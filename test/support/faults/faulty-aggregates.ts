/**
 * Injects the faults of a {@link FaultPlan} into one MetricAggregates instance (a runtime's
 * `aggregates`, which the aggregator handler built on it uses): `before` throws without writing, `after`
 * throws once the real fold has committed its transactions, so the stream mapping delivers
 * records that are already counted again.
 */
import type { MetricAggregates } from '#adapters/metric-aggregates';
import { type FaultPlan, InjectedFault } from './fault-plan.ts';

/**
 * Replaces `aggregates.fold` by a faulty one; returns the function that puts the real one back.
 * @example const restore = injectFoldFaults(runtime.aggregates, new FaultPlan({ seed: 2, beforeRate: 0.03 }));
 */
export function injectFoldFaults(aggregates: MetricAggregates, plan: FaultPlan): () => void {
  const real = aggregates.fold.bind(aggregates);
  aggregates.fold = async (records) => {
    const decision = plan.decide();
    if (decision === 'before' || decision === 'refuse')
      throw new InjectedFault(
        'DynamoDB InternalServerError (injected before the fold)',
        'before',
        'InternalServerError',
      );
    const result = await real(records);
    if (decision === 'after')
      throw new InjectedFault('response lost after the fold committed (injected)', 'after', 'ECONNRESET');
    return result;
  };
  return () => {
    aggregates.fold = real;
  };
}
