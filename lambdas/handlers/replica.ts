import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { recordPipelineLag } from '#adapters/pipeline-lag';
import { writeReplicaChanges } from '#adapters/postgres/replica-batch';
import { type ReplicaChange, replicaChange } from '#adapters/postgres/replica-changes';
import { replicaDatabase } from '#adapters/postgres/replica-database';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { deadLetterSinkFromEnv } from '#adapters/sqs/dead-letter-sink';
import { writeHeartbeatsToTimestream } from '#adapters/timestream/writer';
import { logger, metrics } from '#shared/powertools';
import type { DeadLetterSink } from '#shared/record-dead-letters';
import { setAsideRecords } from '#shared/set-aside-records';
import { type MappedRecord, mapStreamRecords } from '#shared/stream-batch';
import { streamImages } from '#shared/stream-images';
import { tracingMiddleware } from '#shared/tracing';

/** What the replica handler works with. */
export interface ReplicaHandlerDependencies {
  /** The replica database. @default the process's (`replicaDatabase()`) */
  readonly database?: () => Promise<SqlClient>;
  /** Where records the replica refuses go, with their bodies. @default the SQS queue of RECORD_DEAD_LETTER_QUEUE_URL */
  readonly deadLetters?: DeadLetterSink;
  /** Set `aiops_pipeline_lag_seconds` after each batch (a replay of old records must not). @default true */
  readonly recordLag?: boolean;
}

/**
 * Keeps the PostgreSQL replica (`ai_decisions`, `appliance_heartbeats`) in step with the
 * decisions and appliances streams, in multi-row upserts guarded by `version`, so replays
 * and out-of-order delivery converge to the same rows. A record that cannot be mapped, or
 * whose row PostgreSQL refuses for its data, is sent alone, with its body, to the dead
 * letters and the rest of the batch is written; any other failure fails the whole batch,
 * which Lambda retries.
 * @example const handler = createReplicaHandler({ database: async () => sql, deadLetters: sink });
 */
export function createReplicaHandler(deps: ReplicaHandlerDependencies = {}) {
  const database = deps.database ?? replicaDatabase;
  const deadLetters = deps.deadLetters ?? deadLetterSinkFromEnv();
  return middy(async (event: DynamoDBStreamEvent, _context: Context): Promise<DynamoDBBatchResponse> => {
    const { mapped, refused } = mapStreamRecords(event, (record) =>
      replicaChange(streamImages<Record<string, unknown>>(record).newImage),
    );
    const result = await writeReplicaChanges(
      await database(),
      mapped.map((m) => m.value),
    );
    metrics.addMetric('ReplicaRowsWritten', MetricUnit.Count, result.written + result.inserted);
    // Opt-in (Timestream for LiveAnalytics is closed to new AWS accounts): off unless configured.
    const timestream = result.heartbeats.length
      ? await writeHeartbeatsToTimestream([...result.heartbeats])
      : undefined;
    if (timestream?.configured) {
      metrics.addMetric('TimestreamRecordsWritten', MetricUnit.Count, timestream.written);
      metrics.addMetric('TimestreamRecordsRejected', MetricUnit.Count, timestream.failures.length);
    }
    const unwritable = result.refused.map(({ index, failure }) => ({
      record: (mapped[index] as MappedRecord<ReplicaChange>).record,
      failure,
    }));
    await setAsideRecords('replica', event.Records, [...refused, ...unwritable], deadLetters);
    if (deps.recordLag !== false) await recordPipelineLag('replica', event.Records, []);
    return { batchItemFailures: [] };
  })
    .use(tracingMiddleware())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** The Lambda entry point: the process's replica database, dead letters to RECORD_DEAD_LETTER_QUEUE_URL. */
export const handler = createReplicaHandler();
