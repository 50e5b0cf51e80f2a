import type { BatchResult, ItemResult } from '#contract/responses';
import type { WriteOutcome } from './decision-lifecycle.ts';
import type { Rejection, RejectionKind } from './rejection.ts';

/** The rejection of each write outcome that is not an acceptance. */
const REJECTIONS: Record<Exclude<WriteOutcome, 'accepted' | 'duplicate'>, Rejection> = {
  conflict: {
    kind: 'conflict',
    code: 'conflict',
    message: 'different content is already stored under this id',
  },
  limit: {
    kind: 'conflict',
    code: 'too_many_feedback',
    message: 'this decision already holds the most feedback events allowed',
  },
  too_large: {
    kind: 'too_large',
    code: 'record_too_large',
    message: 'the merged record would exceed the storage item size limit',
  },
};

const KIND_OF_CODE: ReadonlyMap<string, RejectionKind> = new Map(
  Object.values(REJECTIONS).map((r) => [r.code, r.kind]),
);

/**
 * The kind of a rejected item's code: a write outcome's own kind, else `invalid` (the item
 * broke the contract).
 * @example itemRejectionKind('too_many_feedback') // 'conflict'
 */
export const itemRejectionKind = (code: string | undefined): RejectionKind =>
  (code !== undefined ? KIND_OF_CODE.get(code) : undefined) ?? 'invalid';

/** The item result for a write outcome; a conflict, a limit or a size failure is a rejection with its reason. */
export function outcomeResult(id: string, outcome: WriteOutcome, index?: number): ItemResult {
  const base = { ...(index !== undefined ? { index } : {}), id };
  if (outcome === 'accepted' || outcome === 'duplicate') return { ...base, status: outcome };
  const { code, message } = REJECTIONS[outcome];
  return { ...base, status: 'rejected', code, message };
}

/**
 * The results with their field errors listed in order until `budget` errors are listed in
 * all; later rejected items keep their code, message and `errorCount` and list none.
 * @example listWithinBudget(results, LIMITS.maxErrorsPerResponse)
 */
export function listWithinBudget(results: ItemResult[], budget: number): ItemResult[] {
  let left = budget;
  return results.map((r) => {
    if (!r.errors) return r;
    const errors = r.errors.slice(0, Math.max(0, left));
    left -= errors.length;
    return errors.length === r.errors.length ? r : { ...r, errors };
  });
}

/** Counts a batch's results. */
export function summarise(results: ItemResult[]): BatchResult {
  return {
    accepted: results.filter((r) => r.status === 'accepted').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    results,
  };
}
