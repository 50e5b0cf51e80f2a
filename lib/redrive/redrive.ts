/**
 * Replays the pipeline's dead letters through the consumers, queue by queue: a message is
 * deleted only once its records went in; one that fails again stays, put back in view. The
 * consumers are idempotent (the replica's upserts are guarded by version, the aggregator
 * folds each record once by its marker), so replaying twice, or a record already delivered,
 * changes nothing.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { DeadLetterSink, RecordConsumer } from '#streams/record-dead-letters';
import type { ReplayConsumer } from './consumers.ts';
import { type DeadLetterContent, describeDeadLetter, readDeadLetter } from './dead-letter-kinds.ts';
import type { ReplayQueue } from './replay-queue.ts';
import type { StreamBatchRange } from './stream-range.ts';

/** What a redrive works with. */
export interface RedriveOptions {
  /** The queues, in this order (on-failure queues first: what a batch replay sets aside lands in a record queue read after). */
  readonly queues: readonly ReplayQueue[];
  readonly consumers: Readonly<Record<RecordConsumer, ReplayConsumer>>;
  /** Reads a given-up batch back from its stream. */
  readonly readRange: (range: StreamBatchRange) => Promise<DynamoDBRecord[]>;
  /**
   * Where a record refused while its batch is replayed goes (the consumer's record queue);
   * without one, the batch's message stays.
   */
  readonly setAside?: (consumer: RecordConsumer) => DeadLetterSink | undefined;
  /** List what would be replayed; replay, delete and change nothing. @default false */
  readonly dryRun?: boolean;
  /** Told about every message as it is handled. */
  readonly onMessage?: (outcome: MessageOutcome) => void;
}

/** What became of one message. */
export interface MessageOutcome {
  readonly queue: string;
  readonly id: string;
  /** Which record or range, and why it was there. */
  readonly description: string;
  readonly outcome: 'replayed' | 'still failing' | 'would replay' | 'not replayable';
  /** Why it still fails. */
  readonly reason?: string;
  /** Records of a replayed batch the consumer refused, now in its record queue. */
  readonly setAside?: number;
}

/** One queue's counts after a redrive. */
export interface QueueCounts {
  readonly queue: string;
  /** Messages found. */
  readonly found: number;
  /** Replayed and deleted (0 in a dry run). */
  readonly replayed: number;
  /** Tried and failed again, or not replayable: still in the queue. */
  readonly stillFailing: number;
  /** Messages left in the queue: found less replayed. */
  readonly left: number;
}

type Replayed =
  | { readonly ok: true; readonly setAside: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Redrives every queue, in order.
 * @returns the counts of each queue, in the same order
 * @example const counts = await redrive({ queues, consumers, readRange, dryRun: true });
 */
export async function redrive(options: RedriveOptions): Promise<QueueCounts[]> {
  const counts: QueueCounts[] = [];
  for (const queue of options.queues) {
    let found = 0;
    let replayed = 0;
    let stillFailing = 0;
    try {
      for await (const message of queue.receive()) {
        found += 1;
        const content = readDeadLetter(queue.name, message.body);
        const base = { queue: queue.name, id: message.id, description: describeDeadLetter(content) };
        if (content.kind === 'unknown') {
          stillFailing += options.dryRun ? 0 : 1;
          options.onMessage?.({ ...base, outcome: 'not replayable', reason: content.reason });
          continue;
        }
        if (options.dryRun) {
          options.onMessage?.({ ...base, outcome: 'would replay' });
          continue;
        }
        const result = await replay(content, options);
        if (result.ok) {
          await queue.delete(message);
          replayed += 1;
          options.onMessage?.({
            ...base,
            outcome: 'replayed',
            ...(result.setAside ? { setAside: result.setAside } : {}),
          });
        } else {
          stillFailing += 1;
          options.onMessage?.({ ...base, outcome: 'still failing', reason: result.reason });
        }
      }
    } finally {
      await queue.releaseAll();
    }
    counts.push({ queue: queue.name, found, replayed, stillFailing, left: found - replayed });
  }
  return counts;
}

async function replay(
  content: Exclude<DeadLetterContent, { kind: 'unknown' }>,
  options: RedriveOptions,
): Promise<Replayed> {
  const consumer = options.consumers[content.consumer];
  try {
    if (content.kind === 'record') {
      const [again] = await consumer([content.letter.record]);
      return again ? { ok: false, reason: failureText(again.failure) } : { ok: true, setAside: 0 };
    }
    const refused = await consumer(await options.readRange(content.range));
    if (refused.length === 0) return { ok: true, setAside: 0 };
    const sink = options.setAside?.(content.consumer);
    if (!sink)
      return {
        ok: false,
        reason: `${refused.length} record(s) refused, the first: ${failureText((refused[0] as (typeof refused)[number]).failure)}`,
      };
    await sink.send(refused);
    return { ok: true, setAside: refused.length };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

const failureText = (f: { kind: string; code?: string; message: string }): string =>
  `${f.kind}${f.code ? ` ${f.code}` : ''}: ${f.message}`;
