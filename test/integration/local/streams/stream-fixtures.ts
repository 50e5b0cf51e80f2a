/**
 * Helpers shared by the event source mapping tests: a handler that records what it receives,
 * and writes through the real SDK.
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamHandler } from '#lib/local/streams/index';

/** A handler and everything it has been called with. */
export interface RecordingHandler {
  readonly handler: StreamHandler;
  /** Every call's records, in call order. */
  readonly calls: DynamoDBRecord[][];
  /** Records of successful calls (or the successful part of a partial answer), in delivery order. */
  readonly delivered: DynamoDBRecord[];
  /** When each delivered record reached the handler (ms), by sequence number. */
  readonly receivedAt: Map<string, number>;
}

/** What the recording handler does with a record: nothing, throw, or report it failed. */
export type RecordVerdict = 'ok' | 'throw' | 'report';

/**
 * A handler that records its calls and fails records as `verdict` says (a thrown error fails the
 * whole call; reported records fail Powertools-style, each later record of the batch is still processed).
 */
export function recordingHandler(
  verdict: (record: DynamoDBRecord) => RecordVerdict = () => 'ok',
): RecordingHandler {
  const calls: DynamoDBRecord[][] = [];
  const delivered: DynamoDBRecord[] = [];
  const receivedAt = new Map<string, number>();
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const now = Date.now();
    calls.push(event.Records);
    const verdicts = event.Records.map(verdict);
    if (verdicts.includes('throw')) throw new Error('poison record');
    const firstReported = verdicts.indexOf('report');
    const succeeded = firstReported === -1 ? event.Records : event.Records.slice(0, firstReported);
    for (const record of succeeded) {
      delivered.push(record);
      receivedAt.set(record.dynamodb?.SequenceNumber as string, now);
    }
    return {
      batchItemFailures: event.Records.filter((_, index) => verdicts[index] === 'report').map((record) => ({
        itemIdentifier: record.dynamodb?.SequenceNumber as string,
      })),
    };
  };
  return { handler, calls, delivered, receivedAt };
}

/** Puts `count` items `pk = <prefix><i>` in batches of 25, each with `writtenAt` (ms). */
export async function putItems(
  client: DynamoDBClient,
  table: string,
  prefix: string,
  count: number,
): Promise<void> {
  for (let start = 0; start < count; start += 25) {
    const size = Math.min(25, count - start);
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: Array.from({ length: size }, (_, offset) => ({
            PutRequest: {
              Item: { pk: { S: `${prefix}${start + offset}` }, writtenAt: { N: String(Date.now()) } },
            },
          })),
        },
      }),
    );
  }
}

/** INSERT, MODIFY (v = 2), REMOVE of one item. */
export async function insertModifyRemove(client: DynamoDBClient, table: string, pk: string): Promise<void> {
  await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { N: '1' } } }));
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: pk } },
      UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': { N: '2' } },
    }),
  );
  await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
}

/** The `pk` string of a record's key. */
export const keyOf = (record: DynamoDBRecord): string => record.dynamodb?.Keys?.pk?.S as string;

/** The sequence number of a record. */
export const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber as string;
