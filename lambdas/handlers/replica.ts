import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { recordPipelineLag } from '#adapters/pipeline-lag';
import { replicaDatabase } from '#adapters/postgres/replica-database';
import { insertHeartbeats, upsertDecisions } from '#adapters/postgres/replica-writer';
import { writeHeartbeatsToTimestream } from '#adapters/timestream/writer';
import { replicaChange } from '#domain/replica-changes';
import type { HeartbeatRow } from '#domain/replica-heartbeat-row';
import type { ReplicaRow } from '#domain/replica-row';
import { logger, metrics } from '#shared/powertools';
import { mapStreamBatch } from '#shared/stream-batch';
import { streamImages } from '#shared/stream-images';
import { tracingMiddleware } from '#shared/tracing';

/**
 * Keeps the PostgreSQL replica (`ai_decisions`, `appliance_heartbeats`) in step with the
 * decisions and appliances streams: the rows of the records before the first failure are
 * written in multi-row upserts guarded by `version`, so replays and out-of-order delivery
 * converge to the same rows.
 */
export const handler = middy(
  async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    const { response, ready, failed } = await mapStreamBatch(event, context, (record) =>
      replicaChange(streamImages<Record<string, unknown>>(record).newImage),
    );
    const decisions: ReplicaRow[] = [];
    const heartbeats: HeartbeatRow[] = [];
    for (const change of ready) {
      if (change.kind === 'decision') decisions.push(change.row);
      else if (change.kind === 'heartbeat') heartbeats.push(change.row);
    }
    const db = await replicaDatabase();
    const written = decisions.length ? await upsertDecisions(db, decisions) : { written: 0, unchanged: 0 };
    const inserted = heartbeats.length
      ? await insertHeartbeats(db, heartbeats)
      : { inserted: 0, duplicates: 0 };
    metrics.addMetric('ReplicaRowsWritten', MetricUnit.Count, written.written + inserted.inserted);
    // Opt-in (Timestream for LiveAnalytics is closed to new AWS accounts): off unless configured.
    const timestream = heartbeats.length ? await writeHeartbeatsToTimestream(heartbeats) : undefined;
    if (timestream?.configured) {
      metrics.addMetric('TimestreamRecordsWritten', MetricUnit.Count, timestream.written);
      metrics.addMetric('TimestreamRecordsRejected', MetricUnit.Count, timestream.failures.length);
    }
    if (failed.length) logger.warn('records could not be mapped', { failed });
    await recordPipelineLag('replica', event.Records, failed);
    return response;
  },
)
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
