/**
 * The API handler calls Powertools without middy (lambdas/runtime/api-invocation.ts): what it
 * writes must stay what the middy chain wrote. Log lines carry the Lambda context and the
 * request's keys, and only that request's; EMF counts a cold start once and flushes every
 * invocation's metrics; each invocation is one X-Ray subsegment.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { daemonEmitter } from '#adapters/xray/daemon';
import type { Scope } from '#contract/routes';
import { json } from '#http/http-response';
import { createXRayTracing } from '#observability/xray';
import { type ApiEvent, apiHandler, type RouteFunction } from '#runtime/api-handler';
import { createObservability, type Observability } from '#runtime/observability';
import { lambdaContext } from '../../../lib/local/gateway/lambda-context.ts';
import { type FakeDaemon, startFakeDaemon } from '../../support/xray-daemon.ts';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const SAMPLED = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;

function event(requestId: string, authorizer?: Record<string, string>): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'GET /v1/decisions',
    rawPath: '/v1/decisions',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId,
      routeKey: 'GET /v1/decisions',
      ...(authorizer ? { authorizer: { lambda: authorizer } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  } as unknown as ApiEvent;
}
const tenantKey = { authenticated: 'true', customerId: 'tenant-a', keyId: 'key-a', scopes: 'read' };

/** Every line written to stdout while `act` runs, parsed (Powertools logs and EMF are JSON lines). */
async function stdoutLines(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await act();
  } finally {
    process.stdout.write = original;
  }
  return written
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the API handler and Powertools, without middy', () => {
  let daemon: FakeDaemon;
  let observability: Observability;
  let header: string | undefined;

  beforeAll(async () => {
    daemon = await startFakeDaemon();
    // Powertools sees a cold start only where Lambda says the environment started on demand.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    // The test project turns EMF off for everyone; here it is what is looked at.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const base = await createObservability({
      serviceName: 'api-test',
      metricsNamespace: 'ApiTest',
      // The handled-request line is DEBUG (the access log has route and status at INFO).
      logLevel: 'DEBUG',
      metricsDisabled: false,
      tracingEnabled: false,
    });
    const tracing = createXRayTracing({
      serviceName: 'api-test',
      emitter: daemonEmitter({ host: '127.0.0.1', port: daemon.port }),
      traceHeader: () => header,
      handlerName: 'index.handler',
      region: 'us-east-1',
    });
    observability = { ...base, tracing };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await daemon.close();
  });
  beforeEach(() => {
    daemon.documents.length = 0;
    header = SAMPLED;
  });

  const build = (scope: Scope | undefined, fn: RouteFunction) => apiHandler(observability, scope, fn);

  it('logs with the Lambda context and the request keys, counts one cold start, flushes each invocation', async () => {
    // Prepare
    const handler = build('read', async () => {
      observability.metrics.addMetric('RouteCalls', 'Count', 1);
      return json(200, { ok: true });
    });

    // Act
    const lines = await stdoutLines(async () => {
      await handler(event('req-1', tenantKey), lambdaContext('reads'));
      await handler(event('req-2'), lambdaContext('reads'));
    });

    // Assess
    const logs = lines.filter((l) => typeof l.message === 'string');
    const handled = logs.find((l) => l.message === 'request handled');
    expect(handled).toMatchObject({
      correlation_id: 'req-1',
      customerId: 'tenant-a',
      keyId: 'key-a',
      function_name: 'reads',
      cold_start: true,
      service: 'api-test',
      routeKey: 'GET /v1/decisions',
      status: 200,
    });
    const refused = logs.find((l) => l.message === 'request refused');
    expect(refused).toMatchObject({ correlation_id: 'req-2', status: 401, cold_start: false });
    expect(refused).not.toHaveProperty('customerId');
    const emf = lines.filter((l) => '_aws' in l);
    const coldStarts = emf.filter((l) => 'ColdStart' in l);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ function_name: 'reads', ColdStart: 1 });
    expect(emf.filter((l) => 'RouteCalls' in l)).toHaveLength(1);
  });

  it('traces each invocation as one subsegment, a route that throws included', async () => {
    // Prepare
    const handler = build(undefined, async () => {
      throw new Error('boom');
    });

    // Act
    let answer: { statusCode?: number } | undefined;
    await stdoutLines(async () => {
      answer = await handler(event('req-3'), lambdaContext('public'));
    });
    const [segment] = await daemon.received(1);

    // Assess
    expect(answer?.statusCode).toBe(500);
    expect(segment).toMatchObject({ type: 'subsegment', trace_id: ROOT, name: '## index.handler' });
    expect(segment?.end_time as number).toBeGreaterThanOrEqual(segment?.start_time as number);
  });
});
