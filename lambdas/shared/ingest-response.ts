import type { IngestAnswer } from '#domain/ingest-batch';
import { batchStatus } from '#domain/item-results';
import type { ApiResult } from '#runtime/api-handler';
import { json, problem } from './http-response.ts';
import { HttpProblem } from './problem.ts';

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
    const p = new HttpProblem(422, 'all_rejected', 'every item of the batch was rejected; see results');
    const res = problem(p, instance, requestId);
    return { ...res, body: JSON.stringify({ ...JSON.parse(res.body as string), ...answer.summary }) };
  }
  const r = answer.result;
  if (r.status === 'accepted') return json(201, r, location && r.id ? { location: location(r.id) } : {});
  if (r.status === 'duplicate') return json(200, r);
  const status =
    r.code === 'conflict' || r.code === 'too_many_feedback' ? 409 : r.code === 'record_too_large' ? 413 : 422;
  return problem(
    new HttpProblem(status, r.code ?? 'validation_failed', r.message ?? 'invalid', {
      errors: r.errors ?? [],
      errorCount: r.errorCount ?? r.errors?.length ?? 0,
    }),
    instance,
    requestId,
  );
}
