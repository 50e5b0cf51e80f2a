/**
 * The System Overview's own metrics through the local stack: API latency from the gateway's
 * access log, pipeline lag from the stream consumers and dead letters from the local
 * on-failure destinations, all on `GET /metrics`.
 */
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleHeartbeat } from '../support/samples.ts';

const api = useTestApi({}, { pipeline: true });

/** `GET /metrics` until every pattern matches (the access log and the consumers are asynchronous). */
async function metricsWith(patterns: readonly RegExp[], timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.request('GET', '/metrics', { key: null });
    if (patterns.every((p) => p.test(res.text)) || Date.now() > deadline) return res.text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('GET /metrics on the local stack', () => {
  it('shows API latency by route template, pipeline lag per consumer and dead letters per queue', async () => {
    // Prepare: decisions with executions, a heartbeat, a health check, a miss and a refused key
    const statuses = new Set<string>();
    for (const d of [sampleDecision(), sampleDecision()]) {
      const id = d.decisionId as string;
      statuses.add(`decision ${(await api.request('POST', '/v1/decisions', { json: d })).status}`);
      const execution = await api.request('POST', `/v1/decisions/${id}/execution`, {
        json: sampleExecution(),
      });
      statuses.add(`execution ${execution.status}`);
      statuses.add(`get ${(await api.request('GET', `/v1/decisions/${id}`)).status}`);
    }
    await api.request('POST', '/v1/heartbeats', { json: sampleHeartbeat() });
    await api.request('GET', '/health', { key: null });
    await api.request('GET', '/no/such/path/123', { key: null });
    await api.request('GET', '/v1/appliances', { key: 'aiops_wrong' });

    // Act
    await api.pipeline?.drained(30_000);
    // Every route's access-log batch is folded on its own schedule: wait for each series
    // this test counts, not for one of them, so a late batch is waited for, never miscounted.
    const counted = {
      'endpoint="/v1/decisions",method="POST",status_code="201"': 2,
      'endpoint="/v1/decisions/\\{id\\}",method="GET",status_code="200"': 2,
      'endpoint="/v1/decisions/\\{id\\}/execution",method="POST",status_code="201"': 2,
      'endpoint="/health",method="GET",status_code="200"': 1,
      'endpoint="\\$default",method="GET",status_code="404"': 1,
      'endpoint="/v1/appliances",method="GET",status_code="401"': 1,
    };
    const countLine = (labels: string) =>
      new RegExp(`aiops_api_response_time_seconds_count\\{${labels}\\} (\\S+)`);
    const countIs = (labels: string, n: number) =>
      new RegExp(`aiops_api_response_time_seconds_count\\{${labels}\\} ${n}\\n`);
    const text = await metricsWith([
      ...Object.entries(counted).map(([labels, n]) => countIs(labels, n)),
      /aiops_pipeline_lag_seconds\{consumer="aggregator"\}/,
      /aiops_pipeline_lag_seconds\{consumer="replica"\}/,
    ]);
    const count = (labels: string) => Number(countLine(labels).exec(text)?.[1]);

    // Assess: latency, one series per route template (never the raw path), method and status
    expect(text).toContain('# TYPE aiops_api_response_time_seconds histogram');
    expect(statuses).toEqual(new Set(['decision 201', 'execution 201', 'get 200']));
    for (const [labels, n] of Object.entries(counted)) expect(count(labels), labels).toBe(n);
    expect(text).toMatch(
      /aiops_api_response_time_seconds_bucket\{endpoint="\/health",method="GET",status_code="200",le="\+Inf"\} 1/,
    );
    expect(text).not.toMatch(/endpoint="\/v1\/decisions\/[0-9a-f-]{36}/);
    expect(text).not.toContain('/no/such/path');
    expect(text).not.toMatch(/endpoint="\/metrics"/);
    // Pipeline lag: both consumers, a small age after a drained pipeline
    for (const consumer of ['aggregator', 'replica']) {
      const lag = Number(
        new RegExp(`aiops_pipeline_lag_seconds\\{consumer="${consumer}"\\} (\\S+)`).exec(text)?.[1],
      );
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(30);
    }
    // Dead letters: every queue AWS has, 0 since nothing failed
    for (const queue of [
      'aggregator-decisions',
      'replica-decisions',
      'replica-appliances',
      'aggregator-records',
      'replica-records',
      'exporter-schedule',
      'access-log-metrics',
    ])
      expect(text).toContain(`aiops_pipeline_dead_letters{queue="${queue}"} 0`);
  });
});
