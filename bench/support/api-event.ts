/**
 * API Gateway HTTP API (payload 2.0) events for in-process handler calls, as the gateway would
 * build them after the Lambda authorizer accepted a key of tenant `bench`.
 */
import { randomUUID } from 'node:crypto';
import type { IngestContext } from '#domain/decision-lifecycle';
import { loadRedactionRules } from '#domain/redaction-rules';
import type { AuthorizerContext } from '#http/principal';
import type { ApiEvent } from '#runtime/api-handler';
import { SETTING_RANGES } from '#runtime/setting-ranges';

export { lambdaContext } from '../../lib/local/gateway/lambda-context.ts';

/** The tenant every benchmark writes as. */
export const BENCH_TENANT = 'bench';

const BENCH_RULES = loadRedactionRules(undefined);

/**
 * The ingest context of a benchmark write: tenant `bench`, now, the default retention and the
 * built-in redaction rules (what the handlers use with no settings).
 * @example planDecision(event, benchIngestContext())
 */
export function benchIngestContext(): IngestContext {
  return {
    customerId: BENCH_TENANT,
    receivedAt: new Date(),
    retentionDays: SETTING_RANGES.RETENTION_DAYS.default,
    rules: BENCH_RULES,
  };
}

/** What the authorizer passes for the benchmark's key. */
export const BENCH_AUTHORIZER: AuthorizerContext = {
  authenticated: 'true',
  keyId: 'bench',
  customerId: BENCH_TENANT,
  scopes: 'decisions:write heartbeats:write read',
};

/**
 * A `POST` event carrying `body` (already serialised JSON) with the bench authorizer context.
 * @example await handler(postEvent(JSON.stringify(sampleDecision())), lambdaContext('ingest-decisions'))
 */
export function postEvent(body: string, rawPath = '/v1/decisions'): ApiEvent {
  const now = Date.now();
  const routeKey = `POST ${rawPath}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      host: 'bench.local',
      'user-agent': 'aiops-bench',
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'aiops-bench',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      authorizer: { lambda: BENCH_AUTHORIZER },
    },
    body,
    isBase64Encoded: false,
  };
}
