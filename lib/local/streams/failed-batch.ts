/**
 * Builds the record the on-failure destination receives for a batch given up.
 */
import { randomUUID } from 'node:crypto';
import type { BufferedRecord, FailedBatch } from './types.ts';

/** What {@link failedBatch} needs to know about the batch given up. */
export interface FailedBatchInput {
  /** The records given up, in shard order (at least one). */
  readonly records: readonly BufferedRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionName: string;
  /** The last error: thrown by the handler or built from its reported failures. */
  readonly error: Error;
  /** Whether the handler threw or reported the failed records. */
  readonly functionError: FailedBatch['responseContext']['functionError'];
  /** Handler calls that included these records. */
  readonly invokeCount: number;
  /** When the batch was given up. */
  readonly now: Date;
}

const arrival = (record: BufferedRecord): string => {
  const seconds = record.record.dynamodb?.ApproximateCreationDateTime;
  return new Date(seconds === undefined ? record.readAt : seconds * 1000).toISOString();
};

/**
 * Lambda's on-failure record for DynamoDB Streams, with the error and each record's key added.
 * @throws Error when `records` is empty
 * @example
 * await onFailure(failedBatch({ records, shardId, streamArn, functionName, error, functionError: 'Unhandled', invokeCount: 4, now: new Date() }));
 */
export function failedBatch(input: FailedBatchInput): FailedBatch {
  const first = input.records[0];
  const last = input.records.at(-1);
  if (first === undefined || last === undefined) throw new Error('a failed batch needs at least one record');
  return {
    version: '1.0',
    timestamp: input.now.toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: `arn:aws:lambda:local:000000000000:function:${input.functionName}`,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: input.invokeCount,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: input.functionError },
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
    error: { name: input.error.name, message: input.error.message },
    records: input.records.map(({ record, sequenceNumber }) => ({
      sequenceNumber,
      eventName: record.eventName ?? 'UNKNOWN',
      keys: (record.dynamodb?.Keys ?? {}) as Record<string, unknown>,
    })),
  };
}
