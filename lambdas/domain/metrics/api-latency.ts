/**
 * `aiops_api_response_time_seconds` from access log records: each request becomes one
 * histogram observation labelled with its route template, method and status code, all from
 * bounded sets (the route table, the HTTP methods, three-digit codes).
 */
import { matchRoute, ROUTES, routeKey } from '#contract/routes';
import type { AccessLogRecord } from './access-log-format.ts';
import { METRICS } from './catalog.ts';
import { histogramIncrements } from './deltas.ts';
import { UNKNOWN_LABEL_VALUE } from './labels.ts';

/** The `endpoint` of requests no route of the table answered (API Gateway's `$default` route: 404, 405). */
export const UNMATCHED_ENDPOINT = '$default';
/** The `method` of requests whose method is not one of {@link HTTP_METHODS}. */
export const OTHER_METHOD = 'OTHER';
/** The methods kept as they are in the `method` label. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const TEMPLATE_BY_ROUTE_KEY: ReadonlyMap<string, string> = new Map(ROUTES.map((r) => [routeKey(r), r.path]));
const STATUS_CODE = /^[1-5]\d\d$/;
/** Latencies are whole milliseconds; anything beyond API Gateway's 30 s limit times ten is not one. */
const MAX_LATENCY_MS = 300_000;

/** The labels and value of one request's observation. */
export interface ApiLatencyObservation {
  readonly labels: { readonly endpoint: string; readonly method: string; readonly status_code: string };
  readonly seconds: number;
}

/**
 * The route template that answered the request (`/v1/decisions/{id}/feedback`), never the raw
 * path: from the route key API Gateway chose, else (no route key logged) the path matched
 * against the route table, else {@link UNMATCHED_ENDPOINT}.
 * @example endpointOf({ routeKey: 'POST /v1/decisions/{id}/feedback' }) // '/v1/decisions/{id}/feedback'
 * @example endpointOf({ routeKey: '$default', httpMethod: 'GET', path: '/wp-admin' }) // '$default'
 */
export function endpointOf(record: AccessLogRecord): string {
  if (record.routeKey !== undefined) return TEMPLATE_BY_ROUTE_KEY.get(record.routeKey) ?? UNMATCHED_ENDPOINT;
  const match = matchRoute(record.httpMethod ?? '', record.path ?? '');
  return match && 'route' in match ? match.route.path : UNMATCHED_ENDPOINT;
}

/** The method as a bounded label: one of {@link HTTP_METHODS}, else {@link OTHER_METHOD}. */
export function methodOf(record: AccessLogRecord): string {
  const method = (record.httpMethod ?? '').toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(method) ? method : OTHER_METHOD;
}

/** The status code as a bounded label: three digits, else `unknown`. */
export function statusCodeOf(record: AccessLogRecord): string {
  return record.status !== undefined && STATUS_CODE.test(record.status) ? record.status : UNKNOWN_LABEL_VALUE;
}

/**
 * The observation one request stands for: `latency` (API Gateway's `responseLatency`, whole
 * milliseconds from receiving the request to sending the response) in seconds.
 * @returns `undefined` when the record carries no usable latency (nothing to observe).
 * @example apiLatencyObservation({ routeKey: 'GET /health', httpMethod: 'GET', status: '200', latency: '12' })
 * // { labels: { endpoint: '/health', method: 'GET', status_code: '200' }, seconds: 0.012 }
 */
export function apiLatencyObservation(record: AccessLogRecord): ApiLatencyObservation | undefined {
  const ms = record.latency === undefined ? Number.NaN : Number(record.latency);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) return undefined;
  return {
    labels: { endpoint: endpointOf(record), method: methodOf(record), status_code: statusCodeOf(record) },
    seconds: ms / 1000,
  };
}

/**
 * The additive series increments of one request: every bucket of the histogram (0 on those
 * below the latency, so each bucket series exists and quantiles stay exact at the low end),
 * `_sum` and `_count`. Empty when the record carries no latency.
 * @example apiLatencyIncrements(record).get('aiops_api_response_time_seconds_count{endpoint="/health",method="GET",status_code="200"}') // 1
 */
export function apiLatencyIncrements(record: AccessLogRecord): Map<string, number> {
  const observation = apiLatencyObservation(record);
  if (!observation) return new Map();
  return new Map(
    histogramIncrements(METRICS.apiResponseTimeSeconds, observation.labels, observation.seconds).map((d) => [
      d.key,
      d.value,
    ]),
  );
}
