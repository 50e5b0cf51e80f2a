import { stores } from '#adapters/stores';
import { executionSchema } from '#contract/execution';
import { planExecution } from '#domain/decision-events';
import { ingestBatch } from '#domain/ingest-batch';
import { apiHandler } from '#shared/api-handler';
import { decisionIdParam } from '#shared/decision-id';
import { ingestContext } from '#shared/ingest-context';
import { ingestResponse } from '#shared/ingest-response';
import { appendIdKeys } from '#shared/log-context';
import { recordOutcomes } from '#shared/metrics-outcomes';
import { readJsonBody } from '#shared/request-body';

/** `POST /v1/decisions/{id}/execution`: the Ansible result; may arrive before the decision. */
export const handler = apiHandler('decisions:write', async ({ event, principal, requestId }) => {
  const decisionId = decisionIdParam(event.pathParameters?.id, 422);
  const body = readJsonBody(event);
  appendIdKeys(body, decisionId);
  const ctx = ingestContext(principal.customerId);
  const answer = await ingestBatch(body, {
    schema: executionSchema,
    idOf: () => decisionId,
    timestampsOf: (e) => ({ startedAt: e.startedAt }),
    write: (e) => stores().decisions.write(planExecution(decisionId, e, ctx)),
    now: ctx.receivedAt,
  });
  recordOutcomes('Executions', answer);
  return ingestResponse(answer, event.rawPath, requestId, () => `/v1/decisions/${decisionId}`);
});
