/**
 * When a shard's buffered records become a batch: Lambda invokes when the batch is full, when
 * the batching window has passed since the oldest waiting record was read, or (locally) when
 * the shard is closed and nothing more can come.
 */

/** What a shard consumer does next with its buffer. */
export type BufferStep =
  /** Invoke with this many leading records of the buffer. */
  | { readonly kind: 'invoke'; readonly count: number }
  /** Call GetRecords now. */
  | { readonly kind: 'read' }
  /** Wait this long, then call GetRecords. */
  | { readonly kind: 'wait'; readonly ms: number }
  /** The shard is closed and every record of it was handled. */
  | { readonly kind: 'finished' };

/** The buffer and shard state {@link nextBufferStep} decides on. */
export interface BufferState {
  /** Records read and not yet handed to the handler. */
  readonly buffered: number;
  /** When the oldest buffered record was read (ms); ignored when nothing is buffered. */
  readonly oldestReadAt: number;
  readonly now: number;
  /** The last GetRecords returned no record: the shard is read to its current end. */
  readonly caughtUp: boolean;
  /** GetRecords returned no next iterator: the shard is closed and read to its end. */
  readonly endOfShard: boolean;
}

/** The mapping settings {@link nextBufferStep} applies. */
export interface BufferSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowMs: number;
  readonly pollIntervalMs: number;
}

/**
 * The next step for one shard.
 * @example
 * nextBufferStep({ buffered: 3, oldestReadAt: 0, now: 100, caughtUp: true, endOfShard: false },
 *   { batchSize: 10, maximumBatchingWindowMs: 500, pollIntervalMs: 250 }); // { kind: 'wait', ms: 250 }
 */
export function nextBufferStep(state: BufferState, settings: BufferSettings): BufferStep {
  const { buffered, endOfShard } = state;
  if (buffered >= settings.batchSize) return { kind: 'invoke', count: settings.batchSize };
  const waited = state.now - state.oldestReadAt;
  if (buffered > 0 && (endOfShard || waited >= settings.maximumBatchingWindowMs)) {
    return { kind: 'invoke', count: buffered };
  }
  if (endOfShard) return { kind: 'finished' };
  if (!state.caughtUp) return { kind: 'read' };
  const untilWindow = buffered > 0 ? settings.maximumBatchingWindowMs - waited : Number.POSITIVE_INFINITY;
  return { kind: 'wait', ms: Math.max(0, Math.min(settings.pollIntervalMs, untilWindow)) };
}
