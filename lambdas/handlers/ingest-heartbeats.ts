import { stores } from '#adapters/stores';
import { heartbeatSchema } from '#contract/heartbeat';
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
  const now = new Date();
  const { appliances } = stores();
  const answer = await ingestBatch(body, {
    batchKey: 'heartbeats',
    schema: heartbeatSchema,
    idOf: (h) => `${h.applianceId}@${new Date(h.sentAt).toISOString()}`,
    timestampsOf: (h) => ({ sentAt: h.sentAt }),
    write: (h) => appliances.recordHeartbeat(principal.customerId, h, now),
    now,
  });
  recordOutcomes('Heartbeats', answer);
  return ingestResponse(answer, event.rawPath, requestId);
});
