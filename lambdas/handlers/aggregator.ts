import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { decisionChange } from '#adapters/dynamodb/decision-stream';
import { type DerivedChange, deriveChange, recordIncrements } from '#domain/metrics/record-increments';
import { type StreamDependencies, streamHandler } from '#runtime/stream-handler';

/**
 * Folds the decisions stream into the durable metric aggregates, each record exactly once: the
 * records are folded in transactions with one marker each, so a delivery again (Lambda's
 * retry, a replay of dead letters) never counts a record twice. Each tenant's label values
 * are bounded through the durable label registry, in record order, before the fold. A record
 * nothing can be derived from is sent alone, with its body, to the dead letters and the
 * others are folded; a failing fold fails the whole batch, which Lambda retries.
 * @example const handler = createAggregatorHandler({ runtime, deadLetters: sink });
 */
export function createAggregatorHandler(deps: StreamDependencies) {
  const { runtime } = deps;
  const { metrics } = runtime.observability;
  return streamHandler<DerivedChange>(deps, {
    consumer: 'aggregator',
    map: (record) => deriveChange(decisionChange(record)),
    write: async (mapped) => {
      const records = [];
      for (const { value: change } of mapped) {
        const increments = await recordIncrements(change, runtime.labelRegistry);
        // A change that counts nothing (a repeat, a TTL deletion) needs no marker either.
        if (increments.size > 0) records.push({ sequenceNumber: change.sequenceNumber, increments });
      }
      const result = await runtime.aggregates.fold(records);
      metrics.addMetric('AggregatedRecords', MetricUnit.Count, result.applied);
      if (result.skipped) metrics.addMetric('AggregatedRecordsSkipped', MetricUnit.Count, result.skipped);
      return [];
    },
  });
}
