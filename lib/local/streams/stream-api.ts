/**
 * The DynamoDB Streams calls the mapping makes, over the AWS SDK (against DynamoDB Local).
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { repairRecordImages } from './empty-maps.ts';
import type { ShardInfo } from './shard-lineage.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A streams client for a local endpoint: region us-east-1, dummy credentials.
 * @example
 * const client = localStreamsClient('http://127.0.0.1:8000');
 */
export function localStreamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
}

/**
 * The table's current stream ARN.
 * @throws Error naming the table when it has no stream
 * @example
 * const streamArn = await latestStreamArn('http://127.0.0.1:8000', 'aiops-local-decisions');
 */
export async function latestStreamArn(endpoint: string, tableName: string): Promise<string> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled || Table.LatestStreamArn === undefined) {
      throw new Error(`tableName ${tableName} has no stream enabled`);
    }
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

/** A shard as listed, with whether it is closed. */
export interface DescribedShard extends ShardInfo {
  /** The shard has an ending sequence number: no record will be added. */
  readonly closed: boolean;
}

/**
 * Every shard of the stream, following DescribeStream's pages.
 * @example
 * const shards = await describeShards(client, streamArn);
 */
export async function describeShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<DescribedShard[]> {
  const shards: DescribedShard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      if (shard.ShardId === undefined) continue;
      shards.push({
        shardId: shard.ShardId,
        ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
      });
    }
    exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId !== undefined);
  return shards;
}

/** Where to open a shard. */
export type ShardPosition =
  | { readonly type: Extract<ShardIteratorType, 'TRIM_HORIZON' | 'LATEST'> }
  | {
      readonly type: Extract<ShardIteratorType, 'AFTER_SEQUENCE_NUMBER' | 'AT_SEQUENCE_NUMBER'>;
      readonly sequenceNumber: string;
    };

/**
 * A shard iterator at `position`.
 * @throws Error when the service answers without an iterator
 * @example
 * const iterator = await shardIterator(client, streamArn, shardId, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber });
 */
export async function shardIterator(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  position: ShardPosition,
): Promise<string> {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: position.type,
      ...('sequenceNumber' in position ? { SequenceNumber: position.sequenceNumber } : {}),
    }),
  );
  if (ShardIterator === undefined) throw new Error(`GetShardIterator gave no iterator for ${shardId}`);
  return ShardIterator;
}

/** Most records one GetRecords call may return. */
export const GET_RECORDS_LIMIT = 1_000;

/**
 * One GetRecords call of up to {@link GET_RECORDS_LIMIT} records, their images as DynamoDB
 * sends them (see `repairEmptyMaps`: DynamoDB Local loses the type of an empty map).
 * @example
 * const { Records, NextShardIterator } = await getRecords(client, iterator);
 */
export async function getRecords(
  client: DynamoDBStreamsClient,
  iterator: string,
): Promise<GetRecordsCommandOutput> {
  const output = await client.send(
    new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }),
  );
  return output.Records ? { ...output, Records: output.Records.map(repairRecordImages) } : output;
}
