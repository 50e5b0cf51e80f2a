import type { Logger } from '@aws-lambda-powertools/logger';
import type * as z from '#contract/zod';
import type { DecisionLifecycleEvent, WriteOutcome } from '#domain/decision-lifecycle';
import { ingestBatch } from '#domain/ingest-batch';
import { decisionIdParam } from '#http/decision-id';
import { ingestResponse } from '#http/ingest-response';
import { readJsonBody } from '#http/request-body';
import { appendIdKeys } from '#observability/log-context';
import { recordOutcomes } from '#observability/metrics-outcomes';
import { apiHandler } from './api-handler.ts';
import { ingestContexts } from './ingest-context.ts';
import type { Runtime } from './runtime.ts';

/** What differs between the routes that add an event to a decision by its path id. */
export interface DecisionEventRoute<T> {
  /** Metric name prefix, e.g. `Executions`. */
  readonly metric: string;
  readonly schema: z.ZodMiniType<T>;
  /** The lifecycle event a valid body records, e.g. `{ section: 'execution', decisionId, event }`. */
  readonly lifecycleEvent: (decisionId: string, event: T) => DecisionLifecycleEvent;
  /** Client timestamps to check against the clock. */
  readonly timestampsOf: (event: T) => Record<string, string | undefined>;
  /** Logs one line per event written (what per-decision dashboard tables read). @default - no line */
  readonly logWritten?: (logger: Logger, decisionId: string, event: T, outcome: WriteOutcome) => void;
}

/**
 * The Lambda handler of `POST /v1/decisions/{id}/<event>`: the path id, the body, one
 * idempotent write into the decision, and the answer (201, 200 duplicate, 409, 422).
 * @example export const createIngestFeedbackHandler = (runtime: Runtime) => decisionEventHandler(runtime, { metric: 'Feedback', schema: feedbackSchema, lifecycleEvent: (decisionId, event) => ({ section: 'feedback', decisionId, event }), timestampsOf: () => ({}) });
 */
export function decisionEventHandler<T>(runtime: Runtime, route: DecisionEventRoute<T>) {
  const { logger, metrics } = runtime.observability;
  const contextOf = ingestContexts(runtime);
  return apiHandler(runtime.observability, 'decisions:write', async ({ event, principal, requestId }) => {
    const decisionId = decisionIdParam(event.pathParameters?.id, 422);
    const body = readJsonBody(event);
    appendIdKeys(logger, body, decisionId);
    const ctx = contextOf(principal.customerId);
    const answer = await ingestBatch(body, {
      schema: route.schema,
      idOf: () => decisionId,
      timestampsOf: route.timestampsOf,
      write: async (e) => {
        const outcome = await runtime.stores.decisions.write(route.lifecycleEvent(decisionId, e), ctx);
        route.logWritten?.(logger, decisionId, e, outcome);
        return outcome;
      },
      now: ctx.receivedAt,
    });
    recordOutcomes(metrics, route.metric, answer);
    return ingestResponse(answer, event.rawPath, requestId, () => `/v1/decisions/${decisionId}`);
  });
}
