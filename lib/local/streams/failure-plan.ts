/**
 * What follows one invocation: how many records are done, which batches are tried next (in
 * order, before any new record), and which records are given up.
 *
 * The retry rules, chosen to follow Lambda's documented behaviour:
 * - `retriesLeft` belongs to a batch; a batch read fresh from the shard starts with
 *   `maximumRetryAttempts` (-1: unlimited).
 * - The handler threw (or answered a malformed `batchItemFailures`): with bisect on and two or
 *   more records, the batch is split in two halves tried one after the other, each keeping the
 *   batch's `retriesLeft` (splitting does not use a retry, so a poison record is always isolated).
 *   Otherwise the same batch is retried, after a backoff, with one retry less; with none left it
 *   is given up.
 * - The handler reported failed records: the records before the lowest reported one are done
 *   (checkpointed) and the rest of the batch, from that record, is retried with one retry less
 *   ("split at the returned sequence number"). With no retry left, the rest is treated like a
 *   thrown error with no retry left: bisected when possible, given up when a single record.
 * - Given-up records go to the on-failure destination, then the checkpoint moves past them.
 */

import type { BatchOutcome } from './batch-outcome.ts';

/** A batch to invoke, with its remaining retries. */
export interface PlannedBatch<T> {
  readonly records: readonly T[];
  /** Retries this batch may still use; negative means unlimited. */
  readonly retriesLeft: number;
  /** True when these exact records failed before (the call is a retry and waits a backoff). */
  readonly isRetry: boolean;
}

/** The consequence of one outcome. */
export interface FailurePlan<T> {
  /** How many leading records of the batch are done (to checkpoint through). */
  readonly succeeded: number;
  /** Batches to invoke next, in this order, before any new record. */
  readonly next: readonly PlannedBatch<T>[];
  /** Records given up (sent to the on-failure destination), right after `next`'s records. */
  readonly giveUp?: { readonly records: readonly T[]; readonly error: Error };
}

/**
 * Plans what follows `outcome` for `batch`.
 * @example
 * planAfterOutcome({ records: [a, b], retriesLeft: 3, isRetry: false }, { kind: 'error', error }, true);
 * // { succeeded: 0, next: [{ records: [a], ... }, { records: [b], ... }] }
 */
export function planAfterOutcome<T>(
  batch: PlannedBatch<T>,
  outcome: BatchOutcome,
  bisectBatchOnFunctionError: boolean,
): FailurePlan<T> {
  if (outcome.kind === 'success') return { succeeded: batch.records.length, next: [] };
  if (outcome.kind === 'error') {
    return {
      succeeded: 0,
      ...afterError(batch.records, batch.retriesLeft, outcome.error, bisectBatchOnFunctionError),
    };
  }
  const rest = batch.records.slice(outcome.firstFailedIndex);
  if (batch.retriesLeft !== 0) {
    return {
      succeeded: outcome.firstFailedIndex,
      next: [
        { records: rest, retriesLeft: batch.retriesLeft - (batch.retriesLeft > 0 ? 1 : 0), isRetry: true },
      ],
    };
  }
  return {
    succeeded: outcome.firstFailedIndex,
    ...afterError(rest, 0, outcome.error, bisectBatchOnFunctionError),
  };
}

const afterError = <T>(
  records: readonly T[],
  retriesLeft: number,
  error: Error,
  bisect: boolean,
): Pick<FailurePlan<T>, 'next' | 'giveUp'> => {
  if (bisect && records.length > 1) {
    const [first, second] = bisectRecords(records);
    return {
      next: [
        { records: first, retriesLeft, isRetry: false },
        { records: second, retriesLeft, isRetry: false },
      ],
    };
  }
  if (retriesLeft !== 0) {
    return {
      next: [{ records, retriesLeft: retriesLeft > 0 ? retriesLeft - 1 : retriesLeft, isRetry: true }],
    };
  }
  return { next: [], giveUp: { records, error } };
};

/**
 * Splits a batch in two halves, the first one larger when the count is odd.
 * @throws Error when the batch has fewer than two records
 * @example
 * bisectRecords([1, 2, 3]); // [[1, 2], [3]]
 */
export function bisectRecords<T>(records: readonly T[]): [readonly T[], readonly T[]] {
  if (records.length < 2) throw new Error(`cannot bisect a batch of ${records.length} record(s)`);
  const middle = Math.ceil(records.length / 2);
  return [records.slice(0, middle), records.slice(middle)];
}

/**
 * The wait before retry number `attempt` (1 for the first retry): doubling from `baseMs`, at most `maxMs`.
 * @example
 * retryDelayMs(3, 100, 5_000); // 400
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
