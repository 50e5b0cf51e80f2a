import type { BatchResult } from '#contract/responses';
import type { IngestAnswer } from '#domain/ingest-batch';
import { itemRejectionKind } from '#domain/item-results';
import type { ApiResult } from '#runtime/api-handler';
import { json, problem } from './http-response.ts';
import { problemOf } from './problem.ts';

/**
 * HTTP status of a batch answer: 200 when nothing was rejected, 207 when outcomes are
 * mixed, 422 when every item was rejected.
 */
function batchStatus(summary: BatchResult): 200 | 207 | 422 {
  if (summary.rejected === 0) return 200;
  return summary.rejected === summary.results.length ? 422 : 207;
}

/**
 * The HTTP answer for an ingest: one item accepted 201, duplicate 200, conflict or too many
 * feedback events 409, record too large 413, invalid 422; a batch 200, 207 (mixed) or 422 (all rejected, with each item's reason).
 */
export function ingestResponse(
  answer: IngestAnswer,
  instance: string,
  requestId: string,
  location?: (id: string) => string,
): ApiResult {
  if (answer.kind === 'batch') {
    const status = batchStatus(answer.summary);
    if (status !== 422) return json(status, answer.summary);
    const p = problemOf({
      kind: 'invalid',
      code: 'all_rejected',
      message: 'every item of the batch was rejected; see results',
    });
    const res = problem(p, instance, requestId);
    return { ...res, body: JSON.stringify({ ...JSON.parse(res.body as string), ...answer.summary }) };
  }
  const r = answer.result;
  if (r.status === 'accepted') return json(201, r, location && r.id ? { location: location(r.id) } : {});
  if (r.status === 'duplicate') return json(200, r);
  return problem(
    problemOf({
      kind: itemRejectionKind(r.code),
      code: r.code ?? 'validation_failed',
      message: r.message ?? 'invalid',
      errors: { errors: r.errors ?? [], errorCount: r.errorCount ?? r.errors?.length ?? 0 },
    }),
    instance,
    requestId,
  );
}
