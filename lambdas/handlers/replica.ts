import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { writeReplicaChanges } from '#adapters/postgres/replica-batch';
import { type ReplicaChange, replicaChange } from '#adapters/postgres/replica-changes';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { writeHeartbeatsToTimestream } from '#adapters/timestream/writer';
import { type StreamDependencies, streamHandler } from '#runtime/stream-handler';
import type { MappedRecord } from '#streams/stream-batch';
import { streamImages } from '#streams/stream-images';

/** What the replica handler works with. */
export interface ReplicaHandlerDependencies extends StreamDependencies {
  /** The replica database, migrated (opened on the first batch). */
  readonly database: () => Promise<SqlClient>;
}

/**
 * Keeps the PostgreSQL replica (`ai_decisions`, `appliance_heartbeats`) in step with the
 * decisions and appliances streams, in multi-row upserts guarded by `version`, so replays
 * and out-of-order delivery converge to the same rows. A record that cannot be mapped, or
 * whose row PostgreSQL refuses for its data, is sent alone, with its body, to the dead
 * letters and the rest of the batch is written; any other failure fails the whole batch,
 * which Lambda retries.
 * @example const handler = createReplicaHandler({ runtime, database: async () => sql, deadLetters: sink });
 */
export function createReplicaHandler(deps: ReplicaHandlerDependencies) {
  const { logger, metrics } = deps.runtime.observability;
  return streamHandler<ReplicaChange>(deps, {
    consumer: 'replica',
    map: (record) => replicaChange(streamImages<Record<string, unknown>>(record).newImage),
    write: async (mapped) => {
      const result = await writeReplicaChanges(
        await deps.database(),
        mapped.map((m) => m.value),
      );
      metrics.addMetric('ReplicaRowsWritten', MetricUnit.Count, result.written + result.inserted);
      // Opt-in (Timestream for LiveAnalytics is closed to new AWS accounts): off unless configured.
      const timestream = result.heartbeats.length
        ? await writeHeartbeatsToTimestream([...result.heartbeats], { logger })
        : undefined;
      if (timestream?.configured) {
        metrics.addMetric('TimestreamRecordsWritten', MetricUnit.Count, timestream.written);
        metrics.addMetric('TimestreamRecordsRejected', MetricUnit.Count, timestream.failures.length);
      }
      return result.refused.map(({ index, failure }) => ({
        record: (mapped[index] as MappedRecord<ReplicaChange>).record,
        failure,
      }));
    },
  });
}
