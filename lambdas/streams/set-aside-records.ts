import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBRecord } from 'aws-lambda';
import { type DeadLetterSink, type RecordConsumer, recordDeadLetter } from './record-dead-letters.ts';
import type { RefusedRecord } from './stream-batch.ts';

/**
 * Sends the records a consumer refused to its dead letters, in stream order, once the rest of
 * the batch is written: should the send fail, the batch fails and is retried (its writes are
 * idempotent), so a record is never lost and never set aside for a batch that did not succeed.
 * @example await setAsideRecords({ logger, metrics }, 'replica', event.Records, refused, deadLetters, new Date());
 */
export async function setAsideRecords(
  observability: { readonly logger: Logger; readonly metrics: Metrics },
  consumer: RecordConsumer,
  batch: readonly DynamoDBRecord[],
  refused: readonly RefusedRecord[],
  deadLetters: DeadLetterSink,
  now: Date = new Date(),
): Promise<void> {
  const { logger, metrics } = observability;
  if (refused.length === 0) return;
  const position = new Map(batch.map((record, index) => [record, index]));
  const ordered = [...refused].sort((a, b) => (position.get(a.record) ?? 0) - (position.get(b.record) ?? 0));
  await deadLetters.send(ordered.map((r) => recordDeadLetter(consumer, r.record, r.failure, now)));
  metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, ordered.length);
  logger.warn('records set aside in the dead letters', {
    consumer,
    records: ordered.map((r) => ({
      sequenceNumber: r.record.dynamodb?.SequenceNumber,
      keys: r.record.dynamodb?.Keys,
      failure: r.failure,
    })),
  });
}
