import { aggregates, labelRegistry, stores } from '#adapters/stores';
import { heartbeatSpec } from '#domain/heartbeat-ingest';
import { ingestBatch } from '#domain/ingest-batch';
import { apiHandler } from '#shared/api-handler';
import { ingestResponse } from '#shared/ingest-response';
import { appendIdKeys } from '#shared/log-context';
import { recordOutcomes } from '#shared/metrics-outcomes';
import { readJsonBody } from '#shared/request-body';

/** `POST /v1/heartbeats`: one heartbeat or `{ heartbeats: [...] }` (an agent's offline buffer). */
export const handler = apiHandler('heartbeats:write', async ({ event, principal, requestId }) => {
  const body = readJsonBody(event);
  appendIdKeys(body);
  const store = stores().appliances;
  const answer = await ingestBatch(
    body,
    heartbeatSpec({
      store,
      customerId: principal.customerId,
      now: new Date(),
      labels: { registry: labelRegistry(), counts: aggregates() },
    }),
  );
  recordOutcomes('Heartbeats', answer);
  return ingestResponse(answer, event.rawPath, requestId);
});
