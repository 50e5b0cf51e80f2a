/**
 * The stream consumers a redrive replays records through: the very handlers Lambda runs, on
 * the replica database and the metrics table named on the command line, with their lag
 * gauge left alone (replayed records are old) and what they set aside collected rather than
 * sent, so a record that fails again is seen and its dead letter stays where it is.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { createAggregatorHandler } from '#handlers/aggregator';
import { createReplicaHandler } from '#handlers/replica';
import type { Runtime } from '#runtime/runtime';
import type { RecordConsumer, RecordDeadLetter } from '#streams/record-dead-letters';
import { lambdaContext } from '../local/gateway/lambda-context.ts';

/** Runs records through one consumer; resolves to the records it refused again (none when all went in). */
export type ReplayConsumer = (records: readonly DynamoDBRecord[]) => Promise<RecordDeadLetter[]>;

/** Where the consumers write. */
export interface ConsumerTargets {
  /** The replica database. */
  readonly database: () => Promise<SqlClient>;
  /** The metric aggregates and label registry (`<prefix>-metrics`), the logger and the clock. */
  readonly runtime: Runtime;
}

/** Most records per invocation, as the event source mappings deliver them. */
const BATCH = 100;

/**
 * Both consumers over `targets`.
 * @throws from a consumer whatever fails its batch (the database down, throttling): nothing is refused then, it may pass
 * @example const refused = await replayConsumers({ database, runtime }).replica([record]);
 */
export function replayConsumers(targets: ConsumerTargets): Record<RecordConsumer, ReplayConsumer> {
  const run =
    (consumer: RecordConsumer): ReplayConsumer =>
    async (records) => {
      const refused: RecordDeadLetter[] = [];
      const deadLetters = {
        send: async (letters: readonly RecordDeadLetter[]) => {
          refused.push(...letters);
        },
      };
      const handler =
        consumer === 'replica'
          ? createReplicaHandler({
              runtime: targets.runtime,
              database: targets.database,
              deadLetters,
              recordLag: false,
            })
          : createAggregatorHandler({ runtime: targets.runtime, deadLetters, recordLag: false });
      for (let i = 0; i < records.length; i += BATCH)
        await handler({ Records: records.slice(i, i + BATCH) }, lambdaContext(consumer));
      return refused;
    };
  return { replica: run('replica'), aggregator: run('aggregator') };
}
