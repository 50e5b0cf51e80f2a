import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { aggregates } from '#adapters/stores';
import type { DecisionItem } from '#domain/decision-item';
import { recordIncrements } from '#domain/metrics/record-increments';
import { logger, metrics } from '#shared/powertools';
import { streamImages } from '#shared/stream-images';
import { tracingMiddleware } from '#shared/tracing';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Folds the decisions stream into the durable metric aggregates, each record exactly once.
 * Records are derived one by one (a record that cannot be read is reported as a batch item
 * failure); the records before the first failure are then folded in transactions with one
 * marker each, so Lambda's retry from the failed record never counts the others twice.
 */
export const handler = middy(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const derived = new Map<string, Map<string, number>>();
    const response = await processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const change = streamImages<DecisionItem>(record);
        derived.set(change.sequenceNumber, recordIncrements(change));
      },
      processor,
      { context, processInParallel: false, throwOnFullBatchFailure: false },
    );
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const folded = [];
    for (const record of event.Records) {
      const seq = record.dynamodb?.SequenceNumber as string;
      if (failed.has(seq)) break;
      const increments = derived.get(seq);
      // A change that counts nothing (a heartbeat of the table, a repeat) needs no marker either.
      if (increments && increments.size > 0) folded.push({ sequenceNumber: seq, increments });
    }
    const result = await aggregates().fold(folded);
    metrics.addMetric('AggregatedRecords', MetricUnit.Count, result.applied);
    if (result.skipped) metrics.addMetric('AggregatedRecordsSkipped', MetricUnit.Count, result.skipped);
    if (failed.size) logger.warn('records could not be derived', { failed: [...failed] });
    return response;
  },
)
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
