import type { BatchResult, ItemResult } from '#contract/responses';
import type { WriteOutcome } from './decision-events.ts';

/** The item result for a write outcome; a conflict is a rejection with its reason. */
export function outcomeResult(id: string, outcome: WriteOutcome, index?: number): ItemResult {
  const base = { ...(index !== undefined ? { index } : {}), id };
  if (outcome === 'conflict') {
    return {
      ...base,
      status: 'rejected',
      code: 'conflict',
      message: 'different content is already stored under this id',
    };
  }
  return { ...base, status: outcome };
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
