import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { recordPipelineLag } from '#adapters/pipeline-lag';
import { aggregates, labelRegistry } from '#adapters/stores';
import type { DecisionItem } from '#domain/decision-item';
import { deriveChange, recordIncrements } from '#domain/metrics/record-increments';
import { logger, metrics } from '#shared/powertools';
import { mapStreamBatch } from '#shared/stream-batch';
import { streamImages } from '#shared/stream-images';
import { tracingMiddleware } from '#shared/tracing';

/**
 * Folds the decisions stream into the durable metric aggregates, each record exactly once:
 * the records before the first failure are folded in transactions with one marker each, so
 * Lambda's retry from the failed record never counts the others twice. Each tenant's label
 * values are bounded through the durable label registry, in record order, before the fold.
 */
export const handler = middy(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const { response, ready, failed } = await mapStreamBatch(event, context, (record) =>
      deriveChange(streamImages<DecisionItem>(record)),
    );
    const records = [];
    for (const change of ready) {
      const increments = await recordIncrements(change, labelRegistry());
      // A change that counts nothing (a repeat, a TTL deletion) needs no marker either.
      if (increments.size > 0) records.push({ sequenceNumber: change.sequenceNumber, increments });
    }
    const result = await aggregates().fold(records);
    metrics.addMetric('AggregatedRecords', MetricUnit.Count, result.applied);
    if (result.skipped) metrics.addMetric('AggregatedRecordsSkipped', MetricUnit.Count, result.skipped);
    await recordPipelineLag('aggregator', event.Records, failed);
    if (failed.length) logger.warn('records could not be derived', { failed });
    return response;
  },
)
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
