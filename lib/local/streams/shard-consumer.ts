/**
 * Reads one shard in order and feeds its batches to the handler, one batch at a time, with
 * Lambda's batching, retry, bisect, partial-failure and checkpoint rules.
 */
import {
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { lambdaContext } from '../gateway/lambda-context.ts';
import { type BatchOutcome, batchOutcome } from './batch-outcome.ts';
import { nextBufferStep } from './batch-window.ts';
import { failedBatch } from './failed-batch.ts';
import { type PlannedBatch, planAfterOutcome, retryDelayMs } from './failure-plan.ts';
import { streamEvent, toLambdaRecord } from './lambda-event.ts';
import type { ResolvedMappingOptions } from './options.ts';
import { compareSequenceNumbers } from './sequence-numbers.ts';
import { sleep } from './sleep.ts';
import { getRecords, type ShardPosition, shardIterator } from './stream-api.ts';
import type { BufferedRecord, CheckpointKey, MappingStats } from './types.ts';

/** Counters of {@link MappingStats} a consumer adds to. */
export type MappingCounters = { -readonly [K in Exclude<keyof MappingStats, 'shards'>]: number };

/** What a shard consumer is given. */
export interface ShardConsumerSetup {
  readonly options: ResolvedMappingOptions;
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly key: CheckpointKey;
  /** Where to start when the shard has no checkpoint. */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly counters: MappingCounters;
  /** Aborts when the mapping stops: the batch in flight finishes, nothing new starts. */
  readonly signal: AbortSignal;
}

/** One shard's reader and invoker. */
export class ShardConsumer {
  private buffer: BufferedRecord[] = [];
  private readonly pending: PlannedBatch<BufferedRecord>[] = [];
  private readonly invokeCounts = new Map<string, number>();
  private iterator: string | undefined;
  private checkpoint: string | undefined;
  private restartAt: string | undefined;
  /** The position was trimmed away: take the oldest record still there. */
  private trimmed = false;
  private caughtUp = false;
  private endOfShard = false;
  private inFlight = false;
  private errorStreak = 0;
  /** Start time of the last GetRecords that found nothing new (ms). */
  private lastEmptyReadAt = Number.NEGATIVE_INFINITY;

  private markPositioned: () => void = () => undefined;
  /** Resolves after the first GetRecords (the shard's starting position is fixed) or when the run ends. */
  readonly positioned = new Promise<void>((resolve) => {
    this.markPositioned = resolve;
  });

  constructor(private readonly setup: ShardConsumerSetup) {}

  /** True when everything written before `since` has been read and handled, and no batch is in flight. */
  idleSince(since: number): boolean {
    return (
      !this.inFlight && this.buffer.length === 0 && this.pending.length === 0 && this.lastEmptyReadAt >= since
    );
  }

  /**
   * Runs until the shard is finished (`'finished'`, checkpointed as such) or the mapping stops.
   */
  async run(): Promise<'finished' | 'stopped'> {
    try {
      return await this.loop();
    } finally {
      this.markPositioned();
    }
  }

  private async loop(): Promise<'finished' | 'stopped'> {
    const { options, key, signal } = this.setup;
    const saved = await options.checkpointStore.get(key);
    if (saved?.finished) return 'finished';
    this.checkpoint = saved?.sequenceNumber;
    while (!signal.aborted) {
      const retry = this.pending.shift();
      if (retry !== undefined) {
        await this.invoke(retry);
        continue;
      }
      const step = nextBufferStep(
        {
          buffered: this.buffer.length,
          oldestReadAt: this.buffer[0]?.readAt ?? 0,
          now: Date.now(),
          caughtUp: this.caughtUp,
          endOfShard: this.endOfShard,
        },
        options,
      );
      if (step.kind === 'invoke') {
        const records = this.buffer.splice(0, step.count);
        await this.invoke({ records, retriesLeft: options.maximumRetryAttempts, isRetry: false });
      } else if (step.kind === 'read') {
        await this.read();
      } else if (step.kind === 'wait') {
        await sleep(step.ms, signal);
        this.caughtUp = false;
      } else {
        const done = await this.commit({
          ...(this.checkpoint ? { sequenceNumber: this.checkpoint } : {}),
          finished: true,
        });
        if (done) return 'finished';
      }
    }
    return 'stopped';
  }

  private position(): ShardPosition {
    if (this.trimmed) return { type: 'TRIM_HORIZON' };
    if (this.checkpoint !== undefined)
      return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.checkpoint };
    if (this.restartAt !== undefined) return { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: this.restartAt };
    return { type: this.setup.startingPosition };
  }

  private async read(): Promise<void> {
    const { client, streamArn, key, options, counters, signal } = this.setup;
    const startedAt = Date.now();
    try {
      this.iterator ??= await shardIterator(client, streamArn, key.shardId, this.position());
      this.trimmed = false;
      const output = await getRecords(client, this.iterator);
      const records = output.Records ?? [];
      const readAt = Date.now();
      const source = { streamArn, ...(options.awsRegion ? { awsRegion: options.awsRegion } : {}) };
      for (const raw of records) {
        const record = withCreationBound(toLambdaRecord(raw, source), this.lastEmptyReadAt);
        const sequenceNumber = record.dynamodb?.SequenceNumber as string;
        // Never twice: a position taken again (TRIM_HORIZON after a trim) may start before what was handled.
        const last = this.buffer.at(-1)?.sequenceNumber ?? this.checkpoint;
        if (last !== undefined && compareSequenceNumbers(sequenceNumber, last) <= 0) continue;
        this.buffer.push({ record, sequenceNumber, readAt });
      }
      this.iterator = output.NextShardIterator;
      this.endOfShard = output.NextShardIterator === undefined;
      this.caughtUp = records.length === 0;
      if (this.caughtUp) this.lastEmptyReadAt = startedAt;
      this.errorStreak = 0;
      this.markPositioned();
    } catch (error) {
      this.markPositioned();
      // The iterator is taken again. Everything buffered lies after the checkpoint, so it is
      // dropped and read again from there.
      this.iterator = undefined;
      if (this.checkpoint === undefined && this.buffer[0] !== undefined) {
        this.restartAt = this.buffer[0].sequenceNumber;
      }
      this.buffer = [];
      if (error instanceof ExpiredIteratorException) {
        counters.expiredIterators += 1;
        return;
      }
      this.errorStreak += 1;
      if (error instanceof TrimmedDataAccessException && this.errorStreak === 1) {
        // The position is gone: in AWS the records were older than 24 hours; DynamoDB Local also
        // answers so for a TRIM_HORIZON iterator taken while the shard was empty, once it is not.
        // Go on from the oldest record left (records up to the checkpoint are skipped when read).
        this.trimmed = true;
        if (this.checkpoint !== undefined)
          options.onWarning(`shard ${key.shardId} trimmed past the checkpoint`, error);
        return;
      }
      counters.streamErrors += 1;
      options.onWarning(`reading shard ${key.shardId} failed, retrying`, error);
      await sleep(retryDelayMs(this.errorStreak, options.retryBaseDelayMs, options.retryMaxDelayMs), signal);
    }
  }

  private async invoke(batch: PlannedBatch<BufferedRecord>): Promise<void> {
    const { options, counters, signal } = this.setup;
    const head = batch.records[0] as BufferedRecord;
    // In flight from here: a batch waiting for its retry is not drained yet.
    this.inFlight = true;
    try {
      if (batch.isRetry) {
        const attempts = this.invokeCounts.get(head.sequenceNumber) ?? 1;
        await sleep(retryDelayMs(attempts, options.retryBaseDelayMs, options.retryMaxDelayMs), signal);
        if (signal.aborted) return;
        counters.retries += 1;
      }
      const outcome = await this.call(batch.records);
      const plan = planAfterOutcome(batch, outcome, options.bisectBatchOnFunctionError);
      if (outcome.kind === 'partial') counters.partialFailures += 1;
      if (plan.next.length === 2) counters.bisections += 1;
      if (plan.succeeded > 0) {
        const done = batch.records.slice(0, plan.succeeded);
        counters.recordsSucceeded += done.length;
        for (const { sequenceNumber } of done) this.invokeCounts.delete(sequenceNumber);
        if (!(await this.commit({ sequenceNumber: (done.at(-1) as BufferedRecord).sequenceNumber }))) return;
      }
      if (plan.giveUp !== undefined) {
        const functionError = outcome.kind === 'partial' ? 'PartialBatchFailure' : 'Unhandled';
        if (!(await this.giveUp(plan.giveUp.records, plan.giveUp.error, functionError))) return;
      }
      this.pending.unshift(...plan.next);
    } finally {
      this.inFlight = false;
    }
  }

  private async call(records: readonly BufferedRecord[]): Promise<BatchOutcome> {
    const { options, counters } = this.setup;
    counters.invocations += 1;
    for (const { sequenceNumber } of records) {
      this.invokeCounts.set(sequenceNumber, (this.invokeCounts.get(sequenceNumber) ?? 0) + 1);
    }
    try {
      const event = streamEvent(records.map(({ record }) => record));
      const response = await options.handler(event, lambdaContext(options.functionName));
      return batchOutcome(
        response,
        records.map(({ sequenceNumber }) => sequenceNumber),
        options.reportBatchItemFailures,
      );
    } catch (error) {
      return { kind: 'error', error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /** Sends given-up records to the destination (retrying until it accepts), then checkpoints past them. */
  private async giveUp(
    records: readonly BufferedRecord[],
    error: Error,
    functionError: 'Unhandled' | 'PartialBatchFailure',
  ): Promise<boolean> {
    const { options, counters, key, streamArn, signal } = this.setup;
    const invokeCount = Math.max(
      ...records.map(({ sequenceNumber }) => this.invokeCounts.get(sequenceNumber) ?? 1),
    );
    const failed = failedBatch({
      records,
      shardId: key.shardId,
      streamArn,
      functionName: options.functionName,
      error,
      functionError,
      invokeCount,
      now: new Date(),
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.onFailure(failed);
        break;
      } catch (destinationError) {
        options.onWarning('the on-failure destination refused a batch, retrying', destinationError);
        await sleep(retryDelayMs(attempt, options.retryBaseDelayMs, options.retryMaxDelayMs), signal);
        if (signal.aborted) return false;
      }
    }
    counters.failedBatches += 1;
    counters.failedRecords += records.length;
    for (const { sequenceNumber } of records) this.invokeCounts.delete(sequenceNumber);
    return this.commit({ sequenceNumber: (records.at(-1) as BufferedRecord).sequenceNumber });
  }

  /** Writes the checkpoint, retrying until the store accepts it; false when the mapping stopped first. */
  private async commit(checkpoint: { sequenceNumber?: string; finished?: boolean }): Promise<boolean> {
    const { options, key, signal } = this.setup;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.checkpointStore.put(key, checkpoint);
        if (checkpoint.sequenceNumber !== undefined) this.checkpoint = checkpoint.sequenceNumber;
        return true;
      } catch (error) {
        options.onWarning(`checkpointing shard ${key.shardId} failed, retrying`, error);
        await sleep(retryDelayMs(attempt, options.retryBaseDelayMs, options.retryMaxDelayMs), signal);
        if (signal.aborted) return false;
      }
    }
  }
}

/**
 * DynamoDB Local rounds `ApproximateCreationDateTime` down to the minute (AWS: to the second),
 * which would make a consumer's lag look up to a minute longer. A record read after a read of
 * this shard that came back empty was written after that read began, so its creation time is
 * raised to that bound, in whole seconds as Lambda gives it (never past the truth).
 */
function withCreationBound(record: DynamoDBRecord, emptyReadAtMs: number): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  if (created === undefined || created >= Math.floor(emptyReadAtMs / 1000)) return record;
  return {
    ...record,
    dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: Math.floor(emptyReadAtMs / 1000) },
  };
}
