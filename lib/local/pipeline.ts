import { tableNames } from '#adapters/dynamodb-tables';
import { streamQueueName } from '#domain/metrics/dead-letters';
import {
  type DeadLetterDestination,
  type EventSourceMapping,
  fileCheckpointStore,
  fileDeadLetters,
  type MappingStats,
  memoryCheckpointStore,
  memoryDeadLetters,
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

/** The stream consumers of the local stack. */
export interface LocalPipeline {
  readonly deadLetters: DeadLetterDestination;
  /** Resolves when every stream has been consumed up to now. */
  drained(timeoutMs?: number): Promise<void>;
  /** Each mapping's counters (invocations, retries, bisections, failed batches), by `function@table`. */
  stats(): Record<string, MappingStats>;
  /**
   * Failed batches in the on-failure destination, by the name of the queue AWS gives that
   * mapping (`aggregator-decisions`, `replica-decisions`, `replica-appliances`); 0 when none failed.
   */
  deadLetterCounts(): Map<string, number>;
  stop(): Promise<void>;
}

/**
 * The event source mappings of the pipeline stack, on DynamoDB Local's streams: decisions →
 * aggregator and replica, appliances → replica. With a data dir the checkpoints and the
 * on-failure destination (`dead-letters.jsonl`) survive a restart.
 */
export async function startLocalPipeline(options: {
  readonly endpoint: string;
  readonly tablePrefix: string;
  readonly dataDir?: string;
  /**
   * Retry settings of every mapping (Lambda's meaning).
   * @default about half a minute: 10 attempts, 200 ms doubling to 5 s
   */
  readonly retry?: RetryBudget;
}): Promise<LocalPipeline> {
  const [{ handler: aggregator }, { handler: replica }] = await Promise.all([
    import('#handlers/aggregator'),
    import('#handlers/replica'),
  ]);
  const names = tableNames(options.tablePrefix);
  const checkpointStore = options.dataDir ? fileCheckpointStore(options.dataDir) : memoryCheckpointStore();
  const deadLetters = options.dataDir ? fileDeadLetters(options.dataDir) : memoryDeadLetters();
  const wiring = [
    ['aggregator@decisions', names.decisions, 'aggregator', aggregator],
    ['replica@decisions', names.decisions, 'replica', replica],
    ['replica@appliances', names.appliances, 'replica', replica],
  ] as const;
  const queueOf = (mapping: string) => streamQueueName(...(mapping.split('@') as [string, string]));
  const deadLetterCounts = new Map<string, number>(wiring.map(([name]) => [queueOf(name), 0]));
  const countFailed = (mapping: string) =>
    deadLetterCounts.set(queueOf(mapping), (deadLetterCounts.get(queueOf(mapping)) ?? 0) + 1);
  // Batches a previous run left in a data dir's destination are still waiting there.
  for (const failed of await deadLetters.list()) {
    const fn = failed.requestContext.functionArn.split(':function:')[1];
    const table = /:table\/([^/]+)\/stream/.exec(failed.DDBStreamBatchInfo.streamArn)?.[1];
    const mapping = wiring.find(([, t, f]) => f === fn && t === table);
    if (mapping) countFailed(mapping[0]);
  }
  const wire = (mapping: string, tableName: string, functionName: string, handler: StreamHandler) =>
    startEventSourceMapping({
      endpoint: options.endpoint,
      tableName,
      functionName,
      handler,
      batchSize: 100,
      maximumBatchingWindowMs: 200,
      pollIntervalMs: 200,
      ...(options.retry ?? DEFAULT_RETRY),
      onFailure: async (failed) => {
        await deadLetters.send(failed);
        countFailed(mapping);
      },
      checkpointStore,
      onWarning: (message) => process.stderr.write(`stream: ${message}\n`),
    });
  const mappings: EventSourceMapping[] = await Promise.all(
    wiring.map(([name, table, fn, handler]) => wire(name, table, fn, handler as StreamHandler)),
  );
  return {
    deadLetters,
    drained: async (timeoutMs) => {
      await Promise.all(mappings.map((m) => m.drained(timeoutMs)));
    },
    stats: () =>
      Object.fromEntries(wiring.map(([name], i) => [name, (mappings[i] as EventSourceMapping).stats()])),
    deadLetterCounts: () => new Map(deadLetterCounts),
    stop: async () => {
      await Promise.all(mappings.map((m) => m.stop()));
    },
  };
}
