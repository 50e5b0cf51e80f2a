import { tableNames } from '#adapters/dynamodb-tables';
import {
  type DeadLetterDestination,
  type EventSourceMapping,
  fileCheckpointStore,
  fileDeadLetters,
  memoryCheckpointStore,
  memoryDeadLetters,
  type StreamHandler,
  startEventSourceMapping,
} from './streams/index.ts';

/** The stream consumers of the local stack. */
export interface LocalPipeline {
  readonly deadLetters: DeadLetterDestination;
  /** Resolves when every stream has been consumed up to now. */
  drained(timeoutMs?: number): Promise<void>;
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
}): Promise<LocalPipeline> {
  const [{ handler: aggregator }, { handler: replica }] = await Promise.all([
    import('#handlers/aggregator'),
    import('#handlers/replica'),
  ]);
  const names = tableNames(options.tablePrefix);
  const checkpointStore = options.dataDir ? fileCheckpointStore(options.dataDir) : memoryCheckpointStore();
  const deadLetters = options.dataDir ? fileDeadLetters(options.dataDir) : memoryDeadLetters();
  const wire = (tableName: string, functionName: string, handler: StreamHandler) =>
    startEventSourceMapping({
      endpoint: options.endpoint,
      tableName,
      functionName,
      handler,
      batchSize: 100,
      maximumBatchingWindowMs: 200,
      pollIntervalMs: 200,
      onFailure: (failed) => deadLetters.send(failed),
      checkpointStore,
      onWarning: (message) => process.stderr.write(`stream: ${message}\n`),
    });
  const mappings: EventSourceMapping[] = await Promise.all([
    wire(names.decisions, 'aggregator', aggregator as StreamHandler),
    wire(names.decisions, 'replica', replica as StreamHandler),
    wire(names.appliances, 'replica', replica as StreamHandler),
  ]);
  return {
    deadLetters,
    drained: async (timeoutMs) => {
      await Promise.all(mappings.map((m) => m.drained(timeoutMs)));
    },
    stop: async () => {
      await Promise.all(mappings.map((m) => m.stop()));
    },
  };
}
