import { stores } from '#adapters/stores';
import { feedbackSchema } from '#contract/feedback';
import { planFeedback } from '#domain/decision-events';
import { ingestBatch } from '#domain/ingest-batch';
import { apiHandler } from '#shared/api-handler';
import { decisionIdParam } from '#shared/decision-id';
import { ingestContext } from '#shared/ingest-context';
import { ingestResponse } from '#shared/ingest-response';
import { appendIdKeys } from '#shared/log-context';
import { recordOutcomes } from '#shared/metrics-outcomes';
import { readJsonBody } from '#shared/request-body';

/** `POST /v1/decisions/{id}/feedback`: the operator's rating, comment and corrected intent. */
export const handler = apiHandler('decisions:write', async ({ event, principal, requestId }) => {
  const decisionId = decisionIdParam(event.pathParameters?.id, 422);
  const body = readJsonBody(event);
  appendIdKeys(body, decisionId);
  const ctx = ingestContext(principal.customerId);
  const answer = await ingestBatch(body, {
    schema: feedbackSchema,
    idOf: () => decisionId,
    timestampsOf: () => ({}),
    write: (f) => stores().decisions.write(planFeedback(decisionId, f, ctx)),
    now: ctx.receivedAt,
  });
  recordOutcomes('Feedback', answer);
  return ingestResponse(answer, event.rawPath, requestId, () => `/v1/decisions/${decisionId}`);
});
