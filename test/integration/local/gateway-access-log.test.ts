import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogRecord } from '#domain/metrics/access-log-format';
import {
  type GatewayFunctions,
  type RunningGateway,
  startGateway,
} from '../../../lib/local/gateway/server.ts';

/** Route functions answering fixed responses (the gateway is what is tested here). */
const answer = (statusCode: number) => async () => ({ statusCode, body: '{}' });

describe('the local gateway access log', () => {
  let gateway: RunningGateway;
  const records: AccessLogRecord[] = [];
  beforeAll(async () => {
    const functions = {
      'ingest-decisions': answer(201),
      'ingest-execution': answer(201),
      'ingest-feedback': answer(201),
      'ingest-heartbeats': answer(207),
      reads: async () => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return { statusCode: 200, body: '{"items":[]}' };
      },
      public: answer(404),
      authorizer: async (event: { headers: Record<string, string> }) => ({
        isAuthorized: true,
        context:
          event.headers.authorization === 'Bearer good'
            ? { authenticated: 'true', keyId: 'k-1', customerId: 'acme' }
            : { authenticated: 'false', reason: 'unknown' },
      }),
    } as unknown as GatewayFunctions;
    gateway = await startGateway({
      functions,
      localRoutes: { 'GET /metrics': async () => ({ statusCode: 200, body: '' }) },
      onAccessLog: (r) => records.push(r),
    });
  });
  afterAll(() => gateway?.close());

  it('writes one record per request with the fields API Gateway writes, local-only routes left out', async () => {
    // Act
    await fetch(`${gateway.url}/v1/decisions?limit=5`, { headers: { authorization: 'Bearer good' } });
    await fetch(`${gateway.url}/nowhere`);
    await fetch(`${gateway.url}/v1/appliances`);
    await fetch(`${gateway.url}/metrics`);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assess
    expect(records).toHaveLength(3);
    const [read, miss, unauthorized] = records;
    expect(read).toMatchObject({
      routeKey: 'GET /v1/decisions',
      httpMethod: 'GET',
      path: '/v1/decisions',
      status: '200',
      protocol: 'HTTP/1.1',
      authenticated: 'true',
      keyId: 'k-1',
      customerId: 'acme',
      integrationStatus: '200',
      responseLength: '12',
      requestTime: expect.stringMatching(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Number(read?.latency)).toBeGreaterThanOrEqual(Number(read?.integrationLatency));
    expect(Number(read?.integrationLatency)).toBeGreaterThanOrEqual(55);
    expect(miss).toMatchObject({ routeKey: '$default', path: '/nowhere', status: '404' });
    // No Authorization header: API Gateway answers 401 itself, no integration runs.
    expect(unauthorized).toMatchObject({ routeKey: 'GET /v1/appliances', status: '401' });
    expect(unauthorized?.integrationLatency).toBeUndefined();
  });
});
