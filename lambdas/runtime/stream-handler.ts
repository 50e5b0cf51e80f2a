import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { recordPipelineLag } from '#adapters/pipeline-lag';
import type { DeadLetterSink, RecordConsumer } from '#streams/record-dead-letters';
import { setAsideRecords } from '#streams/set-aside-records';
import { type MappedRecord, mapStreamRecords, type RefusedRecord } from '#streams/stream-batch';
import { lambdaHandler } from './lambda-handler.ts';
import type { Runtime } from './runtime.ts';

/** What a stream consumer's handler is built from besides its runtime. */
export interface StreamDependencies {
  readonly runtime: Runtime;
  /** Where the records the consumer refuses go, with their bodies. */
  readonly deadLetters: DeadLetterSink;
  /** Set `aiops_pipeline_lag_seconds` after each batch (a replay of old records must not). @default true */
  readonly recordLag?: boolean;
}

/** What differs between the stream consumers: the record mapper and the write. */
export interface StreamConsumer<T> {
  /** Names the consumer in dead letters, logs and the lag gauge. */
  readonly consumer: RecordConsumer;
  /** What one record becomes; pure, so a record it throws on is refused alone (it would throw again). */
  readonly map: (record: DynamoDBRecord) => T;
  /**
   * Writes what the records became, in stream order, and gives back the records refused for
   * their own data; any other failure throws and fails the batch, which Lambda retries.
   */
  readonly write: (mapped: readonly MappedRecord<T>[]) => Promise<readonly RefusedRecord[]>;
}

/**
 * The one skeleton of every DynamoDB stream consumer: map each record, write what they became,
 * set the refused records aside alone (with their bodies) once the rest is written, and record
 * the consumer's lag. Nothing is reported as a batch item failure: a batch either succeeds
 * with its refused records set aside, or fails whole.
 * @example export const handler = streamHandler({ runtime, deadLetters }, { consumer: 'replica', map, write });
 */
export function streamHandler<T>(deps: StreamDependencies, consumer: StreamConsumer<T>) {
  const { runtime } = deps;
  const { logger } = runtime.observability;
  return lambdaHandler(
    runtime.observability,
    async (event: DynamoDBStreamEvent, _context: Context): Promise<DynamoDBBatchResponse> => {
      const { mapped, refused } = mapStreamRecords(event, consumer.map);
      const unwritable = await consumer.write(mapped);
      await setAsideRecords(
        runtime.observability,
        consumer.consumer,
        event.Records,
        [...refused, ...unwritable],
        deps.deadLetters,
        runtime.now(),
      );
      if (deps.recordLag !== false)
        await recordPipelineLag(
          { gauges: runtime.gauges, logger },
          consumer.consumer,
          event.Records,
          [],
          runtime.now().getTime(),
        );
      return { batchItemFailures: [] };
    },
  );
}
