import { heartbeatSpec } from '#domain/heartbeat-ingest';
import { ingestBatch } from '#domain/ingest-batch';
import { ingestResponse } from '#http/ingest-response';
import { readJsonBody } from '#http/request-body';
import { appendIdKeys } from '#observability/log-context';
import { recordOutcomes } from '#observability/metrics-outcomes';
import { apiHandler } from '#runtime/api-handler';
import type { Runtime } from '#runtime/runtime';

/** `POST /v1/heartbeats`: one heartbeat or `{ heartbeats: [...] }` (an agent's offline buffer). */
export function createIngestHeartbeatsHandler(runtime: Runtime) {
  const { logger, metrics } = runtime.observability;
  return apiHandler(runtime.observability, 'heartbeats:write', async ({ event, principal, requestId }) => {
    const body = readJsonBody(event);
    appendIdKeys(logger, body);
    const answer = await ingestBatch(
      body,
      heartbeatSpec({
        store: runtime.stores.appliances,
        customerId: principal.customerId,
        now: runtime.now(),
        labels: { registry: runtime.labelRegistry, counts: runtime.aggregates },
      }),
    );
    recordOutcomes(metrics, 'Heartbeats', answer);
    return ingestResponse(answer, event.rawPath, requestId);
  });
}
