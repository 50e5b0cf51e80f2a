import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { decisionChange } from '#adapters/dynamodb/decision-stream';
import type { MetricAggregates } from '#adapters/metric-aggregates';
import { recordPipelineLag } from '#adapters/pipeline-lag';
import { deadLetterSinkFromEnv } from '#adapters/sqs/dead-letter-sink';
import { aggregates as processAggregates, labelRegistry as processLabelRegistry } from '#adapters/stores';
import type { LabelValueRegistry } from '#domain/metrics/label-bound';
import { deriveChange, recordIncrements } from '#domain/metrics/record-increments';
import { logger, metrics } from '#shared/powertools';
import type { DeadLetterSink } from '#shared/record-dead-letters';
import { setAsideRecords } from '#shared/set-aside-records';
import { mapStreamRecords } from '#shared/stream-batch';
import { tracingMiddleware } from '#shared/tracing';

/** What the aggregator handler works with. */
export interface AggregatorHandlerDependencies {
  /** The durable metric aggregates. @default the process's (`aggregates()`, the `<prefix>-metrics` table) */
  readonly aggregates?: () => MetricAggregates;
  /** Admits each tenant's label values up to the bound. @default the process's (`labelRegistry()`, the `<prefix>-metrics` table) */
  readonly labelRegistry?: () => LabelValueRegistry;
  /** Where records the aggregator cannot derive go, with their bodies. @default the SQS queue of RECORD_DEAD_LETTER_QUEUE_URL */
  readonly deadLetters?: DeadLetterSink;
  /** Set `aiops_pipeline_lag_seconds` after each batch (a replay of old records must not). @default true */
  readonly recordLag?: boolean;
}

/**
 * Folds the decisions stream into the durable metric aggregates, each record exactly once: the
 * records are folded in transactions with one marker each, so a delivery again (Lambda's
 * retry, a replay of dead letters) never counts a record twice. Each tenant's label values
 * are bounded through the durable label registry, in record order, before the fold. A record
 * nothing can be derived from is sent alone, with its body, to the dead letters and the
 * others are folded; a failing fold fails the whole batch, which Lambda retries.
 * @example const handler = createAggregatorHandler({ aggregates: () => new MetricAggregates(db, table), deadLetters: sink });
 */
export function createAggregatorHandler(deps: AggregatorHandlerDependencies = {}) {
  const aggregates = deps.aggregates ?? processAggregates;
  const labelRegistry = deps.labelRegistry ?? processLabelRegistry;
  const deadLetters = deps.deadLetters ?? deadLetterSinkFromEnv();
  return middy(async (event: DynamoDBStreamEvent, _context: Context): Promise<DynamoDBBatchResponse> => {
    const { mapped, refused } = mapStreamRecords(event, (record) => deriveChange(decisionChange(record)));
    const records = [];
    for (const { value: change } of mapped) {
      const increments = await recordIncrements(change, labelRegistry());
      // A change that counts nothing (a repeat, a TTL deletion) needs no marker either.
      if (increments.size > 0) records.push({ sequenceNumber: change.sequenceNumber, increments });
    }
    const result = await aggregates().fold(records);
    metrics.addMetric('AggregatedRecords', MetricUnit.Count, result.applied);
    if (result.skipped) metrics.addMetric('AggregatedRecordsSkipped', MetricUnit.Count, result.skipped);
    await setAsideRecords('aggregator', event.Records, refused, deadLetters);
    if (deps.recordLag !== false) await recordPipelineLag('aggregator', event.Records, []);
    return { batchItemFailures: [] };
  })
    .use(tracingMiddleware())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** The Lambda entry point: the process's aggregates, dead letters to RECORD_DEAD_LETTER_QUEUE_URL. */
export const handler = createAggregatorHandler();
