import type * as z from 'zod';
import { stores } from '#adapters/stores';
import type { DecisionLifecycleEvent, WriteOutcome } from '#domain/decision-lifecycle';
import { ingestBatch } from '#domain/ingest-batch';
import { apiHandler } from './api-handler.ts';
import { decisionIdParam } from './decision-id.ts';
import { ingestContext } from './ingest-context.ts';
import { ingestResponse } from './ingest-response.ts';
import { appendIdKeys } from './log-context.ts';
import { recordOutcomes } from './metrics-outcomes.ts';
import { readJsonBody } from './request-body.ts';

/** What differs between the routes that add an event to a decision by its path id. */
export interface DecisionEventRoute<T> {
  /** Metric name prefix, e.g. `Executions`. */
  readonly metric: string;
  readonly schema: z.ZodType<T>;
  /** The lifecycle event a valid body records, e.g. `{ section: 'execution', decisionId, event }`. */
  readonly lifecycleEvent: (decisionId: string, event: T) => DecisionLifecycleEvent;
  /** Client timestamps to check against the clock. */
  readonly timestampsOf: (event: T) => Record<string, string | undefined>;
  /** Logs one line per event written (what per-decision dashboard tables read). @default - no line */
  readonly logWritten?: (decisionId: string, event: T, outcome: WriteOutcome) => void;
}

/**
 * The Lambda handler of `POST /v1/decisions/{id}/<event>`: the path id, the body, one
 * idempotent write into the decision, and the answer (201, 200 duplicate, 409, 422).
 * @example export const handler = decisionEventHandler({ metric: 'Feedback', schema: feedbackSchema, lifecycleEvent: (decisionId, event) => ({ section: 'feedback', decisionId, event }), timestampsOf: () => ({}) });
 */
export function decisionEventHandler<T>(route: DecisionEventRoute<T>) {
  return apiHandler('decisions:write', async ({ event, principal, requestId }) => {
    const decisionId = decisionIdParam(event.pathParameters?.id, 422);
    const body = readJsonBody(event);
    appendIdKeys(body, decisionId);
    const ctx = ingestContext(principal.customerId);
    const answer = await ingestBatch(body, {
      schema: route.schema,
      idOf: () => decisionId,
      timestampsOf: route.timestampsOf,
      write: async (e) => {
        const outcome = await stores().decisions.write(route.lifecycleEvent(decisionId, e), ctx);
        route.logWritten?.(decisionId, e, outcome);
        return outcome;
      },
      now: ctx.receivedAt,
    });
    recordOutcomes(route.metric, answer);
    return ingestResponse(answer, event.rawPath, requestId, () => `/v1/decisions/${decisionId}`);
  });
}
