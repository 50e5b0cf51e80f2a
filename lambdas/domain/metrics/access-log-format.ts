/**
 * The API's access log record: one JSON object per request, written by API Gateway's
 * `$default` stage in AWS and by the local gateway on one machine, read back by the
 * access-log metrics function. Both sides take the field names from here.
 */
import * as z from '#contract/zod';

/**
 * One JSON object per request in the stage's access log (HTTP API `$context` variables).
 * API Gateway writes every value as a string (the format quotes them) and `-` for a variable
 * that has no value (e.g. `integrationLatency` when the authorizer refused the request).
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  authenticated: '$context.authorizer.authenticated',
  authReason: '$context.authorizer.reason',
  keyId: '$context.authorizer.keyId',
  customerId: '$context.authorizer.customerId',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
} as const;

/** A field of the access log record. */
export type AccessLogField = keyof typeof ACCESS_LOG_FIELDS;

/** One access log record; absent fields are fields API Gateway wrote as `-` or left out. */
export type AccessLogRecord = { readonly [K in AccessLogField]?: string };

/** What API Gateway writes for a context variable without a value. */
export const NO_VALUE = '-';

const field = z.pipe(
  z.optional(z.union([z.string(), z.number(), z.boolean(), z.null()])),
  z.transform((v) => (v === null || v === undefined || v === NO_VALUE || v === '' ? undefined : String(v))),
);

const RecordSchema = z.object(
  Object.fromEntries(Object.keys(ACCESS_LOG_FIELDS).map((name) => [name, field])) as Record<
    AccessLogField,
    typeof field
  >,
);

/**
 * Reads one access log line: a JSON object whose known fields are scalars. Unknown fields are
 * ignored, `-`, empty and `null` values read as absent, numbers and booleans as text.
 * @throws Error saying what is wrong when the line is not JSON or not such an object.
 * @example parseAccessLogRecord('{"routeKey":"POST /v1/decisions","status":"202","latency":"41"}')
 * // { routeKey: 'POST /v1/decisions', status: '202', latency: '41' }
 */
export function parseAccessLogRecord(message: string): AccessLogRecord {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new Error(`access log record is not JSON: ${JSON.stringify(message.slice(0, 80))}`);
  }
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`access log record: ${z.prettifyError(parsed.error).replaceAll('\n', '; ')}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) out[k] = v;
  return out as AccessLogRecord;
}

/**
 * The record as the access log line API Gateway would write: every field present, `-` for
 * the absent ones, in the order of {@link ACCESS_LOG_FIELDS}.
 * @example formatAccessLogRecord({ status: '200' }) // '{"requestId":"-",…,"status":"200",…}'
 */
export function formatAccessLogRecord(record: AccessLogRecord): string {
  return JSON.stringify(
    Object.fromEntries(
      (Object.keys(ACCESS_LOG_FIELDS) as AccessLogField[]).map((k) => [k, record[k] ?? NO_VALUE]),
    ),
  );
}
