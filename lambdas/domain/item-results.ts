import type { BatchResult, ItemResult } from '#contract/responses';
import type { WriteOutcome } from './decision-events.ts';

const REJECTIONS: Record<
  Exclude<WriteOutcome, 'accepted' | 'duplicate'>,
  { code: string; message: string }
> = {
  conflict: { code: 'conflict', message: 'different content is already stored under this id' },
  limit: {
    code: 'too_many_feedback',
    message: 'this decision already holds the most feedback events allowed',
  },
  too_large: {
    code: 'record_too_large',
    message: 'the merged record would exceed the storage item size limit',
  },
};

/** The item result for a write outcome; a conflict, a limit or a size failure is a rejection with its reason. */
export function outcomeResult(id: string, outcome: WriteOutcome, index?: number): ItemResult {
  const base = { ...(index !== undefined ? { index } : {}), id };
  if (outcome === 'accepted' || outcome === 'duplicate') return { ...base, status: outcome };
  return { ...base, status: 'rejected', ...REJECTIONS[outcome] };
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

/**
 * HTTP status of a batch answer: 200 when nothing was rejected, 207 when outcomes are
 * mixed, 422 when every item was rejected.
 */
export function batchStatus(summary: BatchResult): 200 | 207 | 422 {
  if (summary.rejected === 0) return 200;
  return summary.rejected === summary.results.length ? 422 : 207;
}
