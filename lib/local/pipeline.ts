import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableNames } from '#adapters/dynamodb-tables';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { recordQueueName, streamQueueName } from '#domain/metrics/dead-letters';
import { createAggregatorHandler } from '#handlers/aggregator';
import { createReplicaHandler } from '#handlers/replica';
import type { Runtime } from '#runtime/runtime';
import { decodeDeadLetter, type RecordConsumer, type RecordDeadLetter } from '#streams/record-dead-letters';
import { LocalDeadLetterQueues } from './dead-letter-queues.ts';
import {
  type EventSourceMapping,
  type FailedBatch,
  fileCheckpointStore,
  type MappingStats,
  memoryCheckpointStore,
  type StreamHandler,
  startEventSourceMapping,
} from './streams/index.ts';

/** Retry settings of a mapping (Lambda's meaning). */
export interface RetryBudget {
  readonly maximumRetryAttempts: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/**
 * Retry for about half a minute (Lambda's own default is to retry until the record expires):
 * an outage of PostgreSQL or DynamoDB shorter than that loses nothing.
 */
const DEFAULT_RETRY: RetryBudget = {
  maximumRetryAttempts: 10,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 5_000,
};

/** The mappings of the pipeline stack: consumer, source table (logical name). */
const MAPPINGS = [
  ['aggregator', 'decisions'],
  ['replica', 'decisions'],
  ['replica', 'appliances'],
] as const;

/**
 * Every dead-letter queue of the pipeline, by its `aiops_pipeline_dead_letters` name: the
 * mappings' on-failure queues, then the consumers' record queues (a batch replayed from the
 * former may set records aside in the latter).
 */
export const PIPELINE_QUEUES: readonly string[] = [
  ...MAPPINGS.map(([fn, source]) => streamQueueName(fn, source)),
  recordQueueName('aggregator'),
  recordQueueName('replica'),
];

/** The stream consumers of the local stack. */
export interface LocalPipeline {
  /** Every dead-letter queue of the pipeline, as `aiops-obs redrive --local` reads them. */
  readonly queues: LocalDeadLetterQueues;
  /** The batches the mappings gave up (Lambda's on-failure records), queue by queue, oldest first. */
  readonly deadLetters: { list(): Promise<FailedBatch[]> };
  /** The records a consumer set aside, with their bodies, oldest first. */
  refusedRecords(consumer: RecordConsumer): Promise<RecordDeadLetter[]>;
  /** Resolves when every stream has been consumed up to now. */
  drained(timeoutMs?: number): Promise<void>;
  /** Each mapping's counters (invocations, retries, bisections, failed batches), by `function@table`. */
  stats(): Record<string, MappingStats>;
  /**
   * Messages waiting in each dead-letter queue, by the name AWS gives it: the mappings'
   * on-failure queues (`aggregator-decisions`, `replica-decisions`, `replica-appliances`) and
   * the consumers' record queues (`aggregator-records`, `replica-records`); 0 when empty.
   */
  deadLetterCounts(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/**
 * The event source mappings of the pipeline stack, on DynamoDB Local's streams: decisions →
 * aggregator and replica, appliances → replica. The dead letters are kept in DynamoDB Local
 * (see {@link LocalDeadLetterQueues}); with a data dir they and the checkpoints survive a restart.
 */
export async function startLocalPipeline(options: {
  /** What the consumers run on (the stack's runtime: its metric tables, logger and clock). */
  readonly runtime: Runtime;
  /** The replica database the replica consumer writes. */
  readonly database: () => Promise<SqlClient>;
  readonly endpoint: string;
  readonly tablePrefix: string;
  readonly dataDir?: string;
  /**
   * Retry settings of every mapping (Lambda's meaning).
   * @default about half a minute: 10 attempts, 200 ms doubling to 5 s
   */
  readonly retry?: RetryBudget;
}): Promise<LocalPipeline> {
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queues = await LocalDeadLetterQueues.open(client, options.tablePrefix);
  const { runtime } = options;
  const aggregator = createAggregatorHandler({ runtime, deadLetters: queues.sink('aggregator') });
  const replica = createReplicaHandler({
    runtime,
    database: options.database,
    deadLetters: queues.sink('replica'),
  });
  const names = tableNames(options.tablePrefix);
  const checkpointStore = options.dataDir ? fileCheckpointStore(options.dataDir) : memoryCheckpointStore();
  const handlers = { aggregator, replica };
  const wiring = MAPPINGS.map(([fn, source]) => [fn, source, names[source], handlers[fn]] as const);
  const batchQueues = MAPPINGS.map(([fn, source]) => streamQueueName(fn, source));
  const mappings: EventSourceMapping[] = await Promise.all(
    wiring.map(([functionName, , tableName, handler], i) =>
      startEventSourceMapping({
        endpoint: options.endpoint,
        tableName,
        functionName,
        handler: handler as StreamHandler,
        batchSize: 100,
        maximumBatchingWindowMs: 200,
        pollIntervalMs: 200,
        ...(options.retry ?? DEFAULT_RETRY),
        onFailure: (failed) => queues.send(batchQueues[i] as string, JSON.stringify(failed)),
        checkpointStore,
        onWarning: (message) => process.stderr.write(`stream: ${message}\n`),
      }),
    ),
  );
  return {
    queues,
    deadLetters: {
      list: async () =>
        (await Promise.all(batchQueues.map((q) => queues.list(q))))
          .flat()
          .map((m) => JSON.parse(m.body) as FailedBatch),
    },
    refusedRecords: async (consumer) =>
      (await queues.list(recordQueueName(consumer)))
        .map((m) => decodeDeadLetter(m.body))
        .filter((l): l is RecordDeadLetter => l !== undefined),
    drained: async (timeoutMs) => {
      await Promise.all(mappings.map((m) => m.drained(timeoutMs)));
    },
    stats: () =>
      Object.fromEntries(
        wiring.map(([fn, source], i) => [`${fn}@${source}`, (mappings[i] as EventSourceMapping).stats()]),
      ),
    deadLetterCounts: async () =>
      new Map(await Promise.all(PIPELINE_QUEUES.map(async (q) => [q, await queues.count(q)] as const))),
    stop: async () => {
      await Promise.all(mappings.map((m) => m.stop()));
      client.destroy();
    },
  };
}
