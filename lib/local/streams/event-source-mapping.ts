/**
 * The local stand-in for Lambda's DynamoDB Streams event source mapping: discovers the shards
 * of a DynamoDB Local stream, reads each in order (parents before children) and feeds the
 * handler as Lambda would. The rules are in failure-plan.ts (retries, bisect, partial
 * failures), batch-window.ts (batching) and shard-consumer.ts (checkpoints, expired iterators).
 */
import { type EventSourceMappingOptions, resolveMappingOptions } from './options.ts';
import { type MappingCounters, ShardConsumer } from './shard-consumer.ts';
import { readyShards } from './shard-lineage.ts';
import { createAlarm, sleep } from './sleep.ts';
import { type DescribedShard, describeShards, latestStreamArn, localStreamsClient } from './stream-api.ts';
import type { MappingStats } from './types.ts';

/** A running mapping; every shard open at the start has its starting position fixed. */
export interface EventSourceMapping {
  /** The stream read (resolved from `tableName` when that was given). */
  readonly streamArn: string;
  /** Finishes the batches in flight, then stops every shard. Idempotent. */
  stop(): Promise<void>;
  /**
   * Resolves once every shard has been read up to its end as of this call and no batch is in
   * flight or waiting for a retry (shards are described again first, so new ones count).
   * @param timeoutMs - rejects after this long. @default 30_000
   */
  drained(timeoutMs?: number): Promise<void>;
  /** Counters since the start. */
  stats(): MappingStats;
}

const DRAIN_POLL_MS = 10;

/**
 * Starts feeding `handler` from a DynamoDB (Local) stream with Lambda's event source mapping semantics.
 * @throws TypeError or RangeError naming a bad option; Error when the table has no stream
 * @example
 * const mapping = await startEventSourceMapping({
 *   endpoint: ddb.endpoint, tableName: 'aiops-local-decisions', functionName: 'replica', handler,
 *   onFailure: fileDeadLetters(dataDir).send, checkpointStore: fileCheckpointStore(dataDir),
 * });
 * await mapping.drained();
 * await mapping.stop();
 */
export async function startEventSourceMapping(
  options: EventSourceMappingOptions,
): Promise<EventSourceMapping> {
  const settings = resolveMappingOptions(options);
  const streamArn =
    settings.streamArn ?? (await latestStreamArn(settings.endpoint, settings.tableName as string));
  const client = settings.client ?? localStreamsClient(settings.endpoint);
  const mappingId = `${settings.functionName}@${streamArn}`;
  const stopping = new AbortController();
  const alarm = createAlarm();
  const counters: MappingCounters = {
    invocations: 0,
    recordsSucceeded: 0,
    retries: 0,
    bisections: 0,
    partialFailures: 0,
    failedBatches: 0,
    failedRecords: 0,
    expiredIterators: 0,
    streamErrors: 0,
  };
  const consumers = new Map<string, { consumer: ShardConsumer; done: Promise<void> }>();
  const finished = new Set<string>();
  let shards: DescribedShard[] = [];
  let describedAt = Number.NEGATIVE_INFINITY;

  // LATEST applies to the shards open at the first start only; a closed one has nothing new.
  const known = await settings.checkpointStore.list(mappingId);
  for (const [shardId, checkpoint] of Object.entries(known)) if (checkpoint.finished) finished.add(shardId);
  const startsAtLatest = new Set<string>();
  const fromLatest = settings.startingPosition === 'LATEST' && Object.keys(known).length === 0;
  shards = await describeShards(client, streamArn);
  describedAt = Date.now();
  if (fromLatest) {
    for (const shard of shards) (shard.closed ? finished : startsAtLatest).add(shard.shardId);
  }

  const startConsumer = (shardId: string): void => {
    const consumer = new ShardConsumer({
      options: settings,
      client,
      streamArn,
      key: { mappingId, shardId },
      startingPosition: startsAtLatest.has(shardId) ? 'LATEST' : 'TRIM_HORIZON',
      counters,
      signal: stopping.signal,
    });
    const done = consumer.run().then(
      (result) => {
        consumers.delete(shardId);
        if (result === 'finished') {
          finished.add(shardId);
          startReady();
        }
      },
      async (error: unknown) => {
        settings.onWarning(`shard ${shardId} consumer failed, restarting it from its checkpoint`, error);
        await sleep(settings.retryMaxDelayMs, stopping.signal);
        consumers.delete(shardId);
        startReady();
      },
    );
    consumers.set(shardId, { consumer, done });
  };

  const startReady = (): void => {
    if (stopping.signal.aborted) return;
    const started = new Set(consumers.keys());
    for (const shardId of readyShards(shards, started, finished)) startConsumer(shardId);
  };

  const discover = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      await alarm.wait(
        failures > 0 ? settings.retryMaxDelayMs : settings.shardDiscoveryIntervalMs,
        stopping.signal,
      );
      if (stopping.signal.aborted) break;
      const startedAt = Date.now();
      try {
        shards = await describeShards(client, streamArn);
        describedAt = startedAt;
        failures = 0;
        startReady();
      } catch (error) {
        failures += 1;
        counters.streamErrors += 1;
        settings.onWarning('DescribeStream failed, retrying', error);
      }
    }
  };
  startReady();
  await Promise.all([...consumers.values()].map(({ consumer }) => consumer.positioned));
  const discovery = discover();

  const isDrained = (since: number): boolean =>
    describedAt >= since &&
    shards.every(
      ({ shardId }) => finished.has(shardId) || consumers.get(shardId)?.consumer.idleSince(since) === true,
    );

  let stopped: Promise<void> | undefined;
  return {
    streamArn,
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        await discovery;
        while (consumers.size > 0) await Promise.all([...consumers.values()].map(({ done }) => done));
        if (settings.client === undefined) client.destroy();
      })();
      return stopped;
    },
    drained: async (timeoutMs = 30_000) => {
      const since = Date.now();
      const deadline = since + timeoutMs;
      alarm.wake();
      while (!isDrained(since)) {
        if (stopping.signal.aborted)
          throw new Error('the event source mapping was stopped before it drained');
        if (Date.now() > deadline)
          throw new Error(`the event source mapping did not drain within ${timeoutMs} ms`);
        await sleep(DRAIN_POLL_MS, new AbortController().signal);
      }
    },
    stats: () => ({
      ...counters,
      shards: { known: shards.length, active: consumers.size, finished: finished.size },
    }),
  };
}
