import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** A mapped stream batch: the partial-failure response, and what the records before the first failure became. */
export interface MappedBatch<T> {
  readonly response: DynamoDBBatchResponse;
  /** In stream order; the records from the first failure on are left for Lambda to deliver again. */
  readonly ready: T[];
  readonly failed: readonly string[];
}

/**
 * Maps every record of a DynamoDB stream batch with Powertools' BatchProcessor (in order; a
 * record whose mapping throws becomes a batch item failure). Only the records before the
 * first failure are handed on, since Lambda retries the batch from that record.
 * @example const { response, ready } = await mapStreamBatch(event, context, (r) => streamImages(r));
 */
export async function mapStreamBatch<T>(
  event: DynamoDBStreamEvent,
  context: Context,
  map: (record: DynamoDBRecord) => T,
): Promise<MappedBatch<T>> {
  // One processor per batch: it holds the batch's state, and locally several consumers run at once.
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const mapped = new Map<string, T>();
  const response = await processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      mapped.set(record.dynamodb?.SequenceNumber as string, map(record));
    },
    processor,
    { context, processInParallel: false, throwOnFullBatchFailure: false },
  );
  const failed = response.batchItemFailures.map((f) => f.itemIdentifier);
  const failedSet = new Set(failed);
  const ready: T[] = [];
  for (const record of event.Records) {
    const seq = record.dynamodb?.SequenceNumber as string;
    if (failedSet.has(seq)) break;
    if (mapped.has(seq)) ready.push(mapped.get(seq) as T);
  }
  return { response, ready, failed };
}
