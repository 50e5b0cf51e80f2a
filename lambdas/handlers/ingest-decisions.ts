import { decisionSchema } from '#contract/decision';
import { ingestBatch } from '#domain/ingest-batch';
import { ingestResponse } from '#http/ingest-response';
import { readJsonBody } from '#http/request-body';
import { appendIdKeys } from '#observability/log-context';
import { recordOutcomes } from '#observability/metrics-outcomes';
import { logDecisionRecorded } from '#observability/recorded-log';
import { apiHandler } from '#runtime/api-handler';
import { ingestContexts } from '#runtime/ingest-context';
import type { Runtime } from '#runtime/runtime';

/** `POST /v1/decisions`: one decision or `{ decisions: [...] }`, idempotent on decisionId. */
export function createIngestDecisionsHandler(runtime: Runtime) {
  const { logger, metrics } = runtime.observability;
  const { decisions } = runtime.stores;
  const contextOf = ingestContexts(runtime);
  return apiHandler(runtime.observability, 'decisions:write', async ({ event, principal, requestId }) => {
    const body = readJsonBody(event);
    appendIdKeys(logger, body);
    const ctx = contextOf(principal.customerId);
    const answer = await ingestBatch(body, {
      batchKey: 'decisions',
      schema: decisionSchema,
      idOf: (d) => d.decisionId,
      timestampsOf: (d) => ({ occurredAt: d.occurredAt }),
      write: async (d) => {
        const outcome = await decisions.write({ section: 'decision', event: d }, ctx);
        logDecisionRecorded(logger, d, outcome);
        return outcome;
      },
      now: ctx.receivedAt,
    });
    recordOutcomes(metrics, 'Decisions', answer);
    return ingestResponse(answer, event.rawPath, requestId, (id) => `/v1/decisions/${id}`);
  });
}
