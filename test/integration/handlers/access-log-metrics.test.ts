import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldAccessLogEvents } from '#adapters/access-log-fold';
import type { MetricAggregates } from '#adapters/metric-aggregates';
import { createAccessLogMetricsHandler } from '#handlers/access-log-metrics';
import type { Runtime } from '#runtime/runtime';
import { logEvent, request, subscriptionEvent } from '../../support/access-log-events.ts';
import { freshTables, testRuntime } from '../../support/dynamodb.ts';

const NAME = 'aiops_api_response_time_seconds';
const SERIES = [`${NAME}_bucket`, `${NAME}_sum`, `${NAME}_count`];
const context = { functionName: 'access-log-metrics', awsRequestId: 'r1' } as Context;
const count = (endpoint: string, method: string, status: string) =>
  `${NAME}_count{endpoint="${endpoint}",method="${method}",status_code="${status}"}`;

describe('access-log metrics on DynamoDB Local', () => {
  let runtime: Runtime;
  let aggregates: MetricAggregates;
  let handler: (event: unknown, context: Context) => Promise<{ applied: number; skipped: number }>;
  beforeAll(async () => {
    runtime = await testRuntime(await freshTables());
    aggregates = runtime.aggregates;
    handler = createAccessLogMetricsHandler(runtime);
  });
  afterAll(() => {
    runtime?.documents.destroy();
  });

  it('folds each request of a gzipped delivery once, however often the delivery comes', async () => {
    // Prepare: 30 requests on three routes, one answered 404 by $default
    const events = Array.from({ length: 30 }, (_, i) =>
      logEvent(
        i,
        i % 3 === 0
          ? request('POST /v1/decisions', 202, 40 + i)
          : i % 3 === 1
            ? request('GET /v1/decisions/{id}', 200, 120)
            : { ...request('$default', 404, 3), httpMethod: 'GET', path: '/wp-login.php' },
      ),
    );
    const delivery = subscriptionEvent(events);

    // Act: the delivery, Lambda's retry of it, then a later delivery overlapping it
    const first = await handler(delivery, context);
    const retry = await handler(delivery, context);
    const later = await handler(
      subscriptionEvent([...events.slice(20), logEvent(100, request('POST /v1/decisions', 500, 6000))]),
      context,
    );
    const totals = await aggregates.totals(SERIES);

    // Assess
    expect([first, retry, later]).toEqual([
      { applied: 30, skipped: 0 },
      { applied: 0, skipped: 30 },
      { applied: 1, skipped: 10 },
    ]);
    expect(totals.get(count('/v1/decisions', 'POST', '202'))).toBe(10);
    expect(totals.get(count('/v1/decisions/{id}', 'GET', '200'))).toBe(10);
    expect(totals.get(count('$default', 'GET', '404'))).toBe(10);
    expect(totals.get(count('/v1/decisions', 'POST', '500'))).toBe(1);
    expect(
      totals.get(`${NAME}_bucket{endpoint="/v1/decisions",le="5",method="POST",status_code="500"}`),
    ).toBe(0);
    expect(
      totals.get(`${NAME}_bucket{endpoint="/v1/decisions",le="10",method="POST",status_code="500"}`),
    ).toBe(1);
    expect(
      totals.get(`${NAME}_sum{endpoint="/v1/decisions/{id}",method="GET",status_code="200"}`),
    ).toBeCloseTo(1.2, 9);
    expect([...totals.keys()].join()).not.toContain('wp-login');
  });

  it('stays exact when overlapping deliveries are folded at the same time', async () => {
    // Prepare: four deliveries of 60 requests each, every request in two of them
    const events = Array.from({ length: 150 }, (_, i) => logEvent(1_000 + i, request('GET /health', 200, i)));
    const deliveries = [0, 30, 60, 90].map((from) => events.slice(from, from + 60));

    // Act
    const results = await Promise.all(deliveries.map((d) => handler(subscriptionEvent(d), context)));
    const totals = await aggregates.totals(SERIES);

    // Assess
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(150);
    expect(totals.get(count('/health', 'GET', '200'))).toBe(150);
    expect(totals.get(`${NAME}_sum{endpoint="/health",method="GET",status_code="200"}`)).toBeCloseTo(
      (149 * 150) / 2 / 1000,
      9,
    );
  });

  it('folds a large delivery in as few transactions as markers and series allow', async () => {
    // Prepare: 400 requests of one route and status: 11 series, so 89 markers a transaction
    const events = Array.from({ length: 400 }, (_, i) =>
      logEvent(5_000 + i, request('GET /openapi.json', 200, 20)),
    );

    // Act
    const result = await foldAccessLogEvents(events, aggregates);

    // Assess
    expect(result).toMatchObject({ applied: 400, skipped: 0, transactions: Math.ceil(400 / 89) });
  });

  it('ignores the control message of a new subscription and refuses an event that is not a delivery', async () => {
    // Act
    const control = await handler(
      subscriptionEvent([logEvent(9, { status: '-' })], 'CONTROL_MESSAGE'),
      context,
    );
    const bad = handler({ awslogs: { data: 'bm90IGd6aXA=' } }, context);

    // Assess
    expect(control).toEqual({ applied: 0, skipped: 0 });
    await expect(bad).rejects.toThrow(/not a CloudWatch Logs subscription event/);
  });
});
