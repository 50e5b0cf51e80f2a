/**
 * Reads a handler's answer the way Lambda does with `ReportBatchItemFailures`.
 */
/** What one invocation amounted to. */
export type BatchOutcome =
  | { readonly kind: 'success' }
  /** The handler threw, or its answer counts as a complete failure. */
  | { readonly kind: 'error'; readonly error: Error }
  /** Records before `firstFailedIndex` succeeded; processing resumes at that record. */
  | { readonly kind: 'partial'; readonly firstFailedIndex: number; readonly error: Error };

/**
 * The outcome of a call that returned `response` for records with `sequenceNumbers` (in shard order).
 *
 * Lambda's rules (with `reportBatchItemFailures` on): no answer, an answer without
 * `batchItemFailures` or an empty list is a complete success; an item whose `itemIdentifier` is
 * missing, empty, not a string, or not a sequence number of this batch makes the whole batch a
 * failure; otherwise the lowest failed sequence number is where processing resumes. With the
 * option off, any answer is a success (Lambda ignores it).
 *
 * @example
 * batchOutcome({ batchItemFailures: [{ itemIdentifier: '12' }] }, ['11', '12', '13'], true);
 * // { kind: 'partial', firstFailedIndex: 1, error: ... }
 */
export function batchOutcome(
  response: unknown,
  sequenceNumbers: readonly string[],
  reportBatchItemFailures: boolean,
): BatchOutcome {
  if (!reportBatchItemFailures || response === null || typeof response !== 'object') {
    return { kind: 'success' };
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) {
    return completeFailure('batchItemFailures must be an array');
  }
  if (failures.length === 0) return { kind: 'success' };
  const positions = new Map(sequenceNumbers.map((sequenceNumber, index) => [sequenceNumber, index]));
  let first: number | undefined;
  for (const [index, failure] of failures.entries()) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') {
      return completeFailure(`batchItemFailures[${index}].itemIdentifier must be a non-empty string`);
    }
    const position = positions.get(id);
    if (position === undefined) {
      return completeFailure(`batchItemFailures[${index}].itemIdentifier ${id} is not in the batch`);
    }
    first = first === undefined || position < first ? position : first;
  }
  const firstFailedIndex = first as number;
  const failed = failures.length;
  return {
    kind: 'partial',
    firstFailedIndex,
    error: new BatchItemFailuresError(
      `${failed} record(s) reported failed, the first ${sequenceNumbers[firstFailedIndex]}`,
    ),
  };
}

/** The error recorded when a handler reports failed records instead of throwing. */
export class BatchItemFailuresError extends Error {
  override readonly name = 'BatchItemFailures';
}

/** The error recorded when a handler's `batchItemFailures` cannot be read (a complete failure). */
export class InvalidBatchResponseError extends Error {
  override readonly name = 'InvalidBatchResponse';
}

const completeFailure = (message: string): BatchOutcome => ({
  kind: 'error',
  error: new InvalidBatchResponseError(message),
});
