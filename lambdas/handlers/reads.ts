import { applianceListQuerySchema, decisionListQuerySchema } from '#contract/list-queries';
import { toAppliance } from '#domain/appliance-view';
import { toDecisionRecord } from '#domain/decision-record';
import { decisionIdParam } from '#http/decision-id';
import { json } from '#http/http-response';
import { HttpProblem } from '#http/problem';
import { readQuery } from '#http/query-params';
import { type ApiRequest, apiHandler } from '#runtime/api-handler';
import type { Runtime } from '#runtime/runtime';

/** `GET /v1/decisions/{id}`, `GET /v1/decisions` and `GET /v1/appliances`, within the caller's tenant. */
export function createReadsHandler(runtime: Runtime) {
  return apiHandler(runtime.observability, 'read', async (req) => {
    switch (req.event.routeKey) {
      case 'GET /v1/decisions/{id}':
        return getDecision(runtime, req);
      case 'GET /v1/decisions':
        return listDecisions(runtime, req);
      case 'GET /v1/appliances':
        return listAppliances(runtime, req);
      default:
        throw new HttpProblem(404, 'not_found', `no route ${req.event.routeKey}`);
    }
  });
}

async function getDecision({ stores }: Runtime, { event, principal }: ApiRequest) {
  const id = decisionIdParam(event.pathParameters?.id, 404);
  const item = await stores.decisions.get(principal.customerId, id);
  if (!item) throw new HttpProblem(404, 'not_found', 'no decision has this id');
  return json(200, toDecisionRecord(item));
}

async function listDecisions({ stores }: Runtime, { event, principal }: ApiRequest) {
  const { limit, cursor, since, until, ...filter } = readQuery(
    decisionListQuerySchema,
    event.queryStringParameters,
  );
  const page = await stores.decisions.list(
    principal.customerId,
    {
      ...filter,
      ...(since ? { since: new Date(since).toISOString() } : {}),
      ...(until ? { until: new Date(until).toISOString() } : {}),
    },
    { limit, ...(cursor ? { cursor } : {}) },
  );
  return json(200, {
    items: page.items.map(toDecisionRecord),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  });
}

async function listAppliances(runtime: Runtime, { event, principal }: ApiRequest) {
  const { limit, cursor } = readQuery(applianceListQuerySchema, event.queryStringParameters);
  const page = await runtime.stores.appliances.list(principal.customerId, {
    limit,
    ...(cursor ? { cursor } : {}),
  });
  const now = runtime.now();
  const threshold = runtime.settings.APPLIANCE_OFFLINE_AFTER_SECONDS;
  return json(200, {
    items: page.items.map((a) => toAppliance(a, now, threshold)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  });
}
