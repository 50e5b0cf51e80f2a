/**
 * The records of a batch Lambda gave up, read back from the stream: Lambda's on-failure
 * record for a DynamoDB stream names only the shard and the sequence range, and the stream
 * keeps its records for 24 hours.
 */
import {
  type DynamoDBStreamsClient,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '../local/streams/lambda-event.ts';
import { compareSequenceNumbers } from '../local/streams/sequence-numbers.ts';
import { getRecords, shardIterator } from '../local/streams/stream-api.ts';

/** `DDBStreamBatchInfo` of Lambda's on-failure record, as far as the range goes. */
export interface StreamBatchRange {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
}

/** Empty reads in a row after which an open shard is taken to hold nothing more of the range. */
const EMPTY_READS = 3;

/**
 * Every record of the range, in shard order, in the form Lambda delivers them.
 * @throws Error saying so when the stream no longer holds the range (trimmed after 24 hours,
 *   or the stream is gone), or holds other than `batchSize` records of it
 * @example const records = await readStreamRange(streamsClient, failed.DDBStreamBatchInfo);
 */
export async function readStreamRange(
  client: DynamoDBStreamsClient,
  range: StreamBatchRange,
): Promise<DynamoDBRecord[]> {
  const { streamArn, shardId, startSequenceNumber: start, endSequenceNumber: end } = range;
  const records: DynamoDBRecord[] = [];
  try {
    let iterator: string | undefined = await shardIterator(client, streamArn, shardId, {
      type: 'AT_SEQUENCE_NUMBER',
      sequenceNumber: start,
    });
    let empty = 0;
    reading: while (iterator !== undefined && empty < EMPTY_READS) {
      const page = await getRecords(client, iterator);
      const raw = page.Records ?? [];
      empty = raw.length === 0 ? empty + 1 : 0;
      for (const r of raw) {
        const record = toLambdaRecord(r, { streamArn });
        const seq = record.dynamodb?.SequenceNumber as string;
        if (compareSequenceNumbers(seq, end) > 0) break reading;
        if (compareSequenceNumbers(seq, start) >= 0) records.push(record);
        if (seq === end) break reading;
      }
      iterator = page.NextShardIterator;
    }
  } catch (error) {
    if (error instanceof TrimmedDataAccessException || error instanceof ResourceNotFoundException)
      throw new Error(
        `the stream no longer holds records ${start}–${end} of ${shardId} (DynamoDB Streams keeps them 24 hours)`,
      );
    throw error;
  }
  if (records.length !== range.batchSize || records.at(-1)?.dynamodb?.SequenceNumber !== end)
    throw new Error(
      `the stream holds ${records.length} of the ${range.batchSize} records ${start}–${end} of ${shardId}`,
    );
  return records;
}
