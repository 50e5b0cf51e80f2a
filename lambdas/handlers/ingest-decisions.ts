import { stores } from '#adapters/stores';
import { decisionSchema } from '#contract/decision';
import { ingestBatch } from '#domain/ingest-batch';
import { apiHandler } from '#shared/api-handler';
import { ingestContext } from '#shared/ingest-context';
import { ingestResponse } from '#shared/ingest-response';
import { appendIdKeys } from '#shared/log-context';
import { recordOutcomes } from '#shared/metrics-outcomes';
import { logDecisionRecorded } from '#shared/recorded-log';
import { readJsonBody } from '#shared/request-body';

/** `POST /v1/decisions`: one decision or `{ decisions: [...] }`, idempotent on decisionId. */
export const handler = apiHandler('decisions:write', async ({ event, principal, requestId }) => {
  const body = readJsonBody(event);
  appendIdKeys(body);
  const ctx = ingestContext(principal.customerId);
  const { decisions } = stores();
  const answer = await ingestBatch(body, {
    batchKey: 'decisions',
    schema: decisionSchema,
    idOf: (d) => d.decisionId,
    timestampsOf: (d) => ({ occurredAt: d.occurredAt }),
    write: async (d) => {
      const outcome = await decisions.write({ section: 'decision', event: d }, ctx);
      logDecisionRecorded(d, outcome);
      return outcome;
    },
    now: ctx.receivedAt,
  });
  recordOutcomes('Decisions', answer);
  return ingestResponse(answer, event.rawPath, requestId, (id) => `/v1/decisions/${id}`);
});
