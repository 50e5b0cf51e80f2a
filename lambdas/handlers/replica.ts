import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { replicaDatabase } from '#adapters/postgres/replica-database';
import { insertHeartbeats, upsertDecisions } from '#adapters/postgres/replica-writer';
import { type ReplicaChange, replicaChange } from '#domain/replica-changes';
import type { HeartbeatRow } from '#domain/replica-heartbeat-row';
import type { ReplicaRow } from '#domain/replica-row';
import { logger, metrics } from '#shared/powertools';
import { streamImages } from '#shared/stream-images';
import { tracingMiddleware } from '#shared/tracing';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Keeps the PostgreSQL replica (`ai_decisions`, `appliance_heartbeats`) in step with the
 * decisions and appliances streams. Each record is mapped on its own (a record that cannot
 * be mapped is a batch item failure); the rows of the records before the first failure are
 * then written in multi-row upserts guarded by `version`, so replays and out-of-order
 * delivery converge to the same rows.
 */
export const handler = middy(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const changes = new Map<string, ReplicaChange>();
    const response = await processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const { sequenceNumber, newImage } = streamImages<Record<string, unknown>>(record);
        changes.set(sequenceNumber, replicaChange(newImage));
      },
      processor,
      { context, processInParallel: false, throwOnFullBatchFailure: false },
    );
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const decisions: ReplicaRow[] = [];
    const heartbeats: HeartbeatRow[] = [];
    for (const record of event.Records) {
      const seq = record.dynamodb?.SequenceNumber as string;
      if (failed.has(seq)) break;
      const change = changes.get(seq);
      if (change?.kind === 'decision') decisions.push(change.row);
      else if (change?.kind === 'heartbeat') heartbeats.push(change.row);
    }
    const db = await replicaDatabase();
    const written = decisions.length ? await upsertDecisions(db, decisions) : { written: 0, unchanged: 0 };
    const inserted = heartbeats.length
      ? await insertHeartbeats(db, heartbeats)
      : { inserted: 0, duplicates: 0 };
    metrics.addMetric('ReplicaRowsWritten', MetricUnit.Count, written.written + inserted.inserted);
    if (failed.size) logger.warn('records could not be mapped', { failed: [...failed] });
    return response;
  },
)
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
