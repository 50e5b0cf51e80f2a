/**
 * The local stand-in for the pipeline's SQS dead-letter queues: one DynamoDB Local table,
 * `<prefix>-dead-letters` (`queue`, `id`), holding the message bodies AWS would hold in each
 * queue (Lambda's on-failure records of the mappings, the records the consumers set aside).
 * In DynamoDB Local rather than in the stack's memory so that `aiops-obs redrive --local`, in
 * its own process, reads and deletes them, and with `--data-dir` they survive a restart.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { recordQueueName } from '#domain/metrics/dead-letters';
import { type DeadLetterSink, encodeDeadLetter } from '#streams/record-dead-letters';
import type { ReplayQueue } from '../redrive/replay-queue.ts';
import { createTable } from './dynamodb-local/create-tables.ts';

/** The table's name for a table prefix. */
export const deadLetterTableName = (prefix: string): string => `${prefix}-dead-letters`;

/** Largest body kept: DynamoDB's 400 KB item limit, less the keys and some room. */
export const LOCAL_MAX_MESSAGE_BYTES = 380_000;

/** One message waiting in a queue. */
export interface QueuedMessage {
  /** Unique in its queue; sorts in the order the messages were sent. */
  readonly id: string;
  readonly body: string;
}

let sent = 0;
/** Time, then a per-process counter: messages sent in one batch keep their order. */
const nextId = (): string =>
  `${new Date().toISOString()}#${String(++sent).padStart(10, '0')}#${randomUUID().slice(0, 8)}`;

/** The queues of one local stack. */
export class LocalDeadLetterQueues {
  private constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /**
   * The queues of the tables under `prefix`; creates their table unless it exists.
   * @example const queues = await LocalDeadLetterQueues.open(client, 'aiops-local');
   */
  static async open(client: DynamoDBClient, prefix: string): Promise<LocalDeadLetterQueues> {
    const tableName = deadLetterTableName(prefix);
    await createTable(client, {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'queue', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'queue', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
    });
    return new LocalDeadLetterQueues(client, tableName);
  }

  /** Stores one message; resolves once DynamoDB Local has it. */
  async send(queue: string, body: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: { queue: { S: queue }, id: { S: nextId() }, body: { S: body } },
      }),
    );
  }

  /** Every message of `queue`, oldest first. */
  async list(queue: string): Promise<QueuedMessage[]> {
    const messages: QueuedMessage[] = [];
    await this.query(queue, {}, (items) => {
      for (const item of items) messages.push({ id: item.id?.S as string, body: item.body?.S as string });
    });
    return messages;
  }

  /** How many messages wait in `queue`. */
  async count(queue: string): Promise<number> {
    let count = 0;
    await this.query(queue, { Select: 'COUNT' }, (_items, n) => {
      count += n;
    });
    return count;
  }

  /** Removes one message (nothing when it is gone already). */
  async delete(queue: string, id: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: { queue: { S: queue }, id: { S: id } } }),
    );
  }

  /**
   * The dead letters of one consumer's refused records, into its queue (`replica-records`, …).
   * @example createReplicaHandler({ runtime, database, deadLetters: queues.sink('replica') })
   */
  sink(consumer: 'replica' | 'aggregator'): DeadLetterSink {
    const queue = recordQueueName(consumer);
    return {
      send: async (letters) => {
        for (const letter of letters)
          await this.send(queue, encodeDeadLetter(letter, LOCAL_MAX_MESSAGE_BYTES));
      },
    };
  }

  /**
   * One queue as `aiops-obs redrive` reads it: the messages there when reading starts, oldest
   * first (nothing hides a message locally: there is one reader).
   * @example await redrive({ queues: [queues.replayQueue('replica-records')], ... })
   */
  replayQueue(name: string): ReplayQueue {
    const list = () => this.list(name);
    return {
      name,
      receive: async function* () {
        yield* await list();
      },
      delete: (message) => this.delete(name, message.id),
      releaseAll: async () => undefined,
    };
  }

  private async query(
    queue: string,
    extra: Partial<QueryCommandInput>,
    page: (items: Record<string, AttributeValue>[], count: number) => void,
  ): Promise<void> {
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const res = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#q = :q',
          ExpressionAttributeNames: { '#q': 'queue' },
          ExpressionAttributeValues: { ':q': { S: queue } },
          ConsistentRead: true,
          ...extra,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      page(res.Items ?? [], res.Count ?? 0);
      start = res.LastEvaluatedKey;
    } while (start);
  }
}
