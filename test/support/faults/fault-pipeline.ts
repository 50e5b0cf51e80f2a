/**
 * The three event source mappings of the local pipeline (lib/local/pipeline.ts: decisions →
 * aggregator and replica, appliances → replica), wired with the same real handlers and
 * batching, but with a retry budget set by the test and with their stats readable.
 * The local stack's own pipeline keeps the mapping defaults (3 retries, 100 ms doubling,
 * about 0.7 s per record) and exposes no stats, so a test of outages builds its own.
 */
import { tableNames } from '#adapters/dynamodb-tables';
import {
  type DeadLetterDestination,
  type EventSourceMapping,
  type MappingStats,
  memoryCheckpointStore,
  memoryDeadLetters,
  type StreamHandler,
  startEventSourceMapping,
} from '../../../lib/local/streams/index.ts';

/** Retry settings of every mapping (Lambda's meaning). */
export interface RetryBudget {
  readonly maximumRetryAttempts: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/** The running mappings. */
export interface FaultPipeline {
  readonly deadLetters: DeadLetterDestination;
  /** Resolves when every mapping has consumed its stream up to now. */
  drained(timeoutMs: number): Promise<void>;
  /** Stats by mapping (`aggregator`, `replica`, `replica-appliances`). */
  stats(): Record<string, MappingStats>;
  stop(): Promise<void>;
}

/**
 * Starts the mappings on the tables under `tablePrefix`. Call it after the local stack has set
 * the environment (the handlers read it when first imported).
 * @example const pipeline = await startFaultPipeline({ endpoint, tablePrefix, retry });
 */
export async function startFaultPipeline(options: {
  readonly endpoint: string;
  readonly tablePrefix: string;
  readonly retry: RetryBudget;
}): Promise<FaultPipeline> {
  const [{ handler: aggregator }, { handler: replica }] = await Promise.all([
    import('#handlers/aggregator'),
    import('#handlers/replica'),
  ]);
  const names = tableNames(options.tablePrefix);
  const checkpointStore = memoryCheckpointStore();
  const deadLetters = memoryDeadLetters();
  const wire = (tableName: string, functionName: string, handler: StreamHandler) =>
    startEventSourceMapping({
      endpoint: options.endpoint,
      tableName,
      functionName,
      handler,
      batchSize: 100,
      maximumBatchingWindowMs: 200,
      pollIntervalMs: 200,
      ...options.retry,
      onFailure: (failed) => deadLetters.send(failed),
      checkpointStore,
      onWarning: (message) => process.stderr.write(`stream: ${message}\n`),
    });
  const mappings: Record<string, EventSourceMapping> = {
    aggregator: await wire(names.decisions, 'aggregator', aggregator as StreamHandler),
    replica: await wire(names.decisions, 'replica', replica as StreamHandler),
    'replica-appliances': await wire(names.appliances, 'replica', replica as StreamHandler),
  };
  return {
    deadLetters,
    drained: async (timeoutMs) => {
      await Promise.all(Object.values(mappings).map((m) => m.drained(timeoutMs)));
    },
    stats: () => Object.fromEntries(Object.entries(mappings).map(([name, m]) => [name, m.stats()])),
    stop: async () => {
      await Promise.all(Object.values(mappings).map((m) => m.stop()));
    },
  };
}
