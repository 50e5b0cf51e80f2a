/**
 * Issue 12 §1: a burst on series that did not exist, remote-written by the local stack's export
 * loop into a real Prometheus, must show in `increase()` and `rate()` at once, as it does for a
 * client library whose counters start at 0.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../support/eventually.ts';
import { startTestApi, type TestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { sampleDecision, sampleExecution, sampleFailedExecution } from '../../support/samples.ts';

const EXPORT_SECONDS = 2;
const FAILED = 8;
const SUCCEEDED = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPrometheus('a first burst on new series, through the local export loop', () => {
  let prometheus: RunningPrometheus;
  let api: TestApi;
  beforeAll(async () => {
    prometheus = await startPrometheus();
    api = await startTestApi(
      {
        PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
        METRICS_INTERVAL_SECONDS: String(EXPORT_SECONDS),
      },
      { pipeline: true },
    );
  });
  afterAll(async () => {
    await api?.stop();
    await prometheus?.stop();
  });

  it('is counted by increase() and rate() from its first event', { timeout: 90_000 }, async () => {
    // Prepare: the idle stack has exported at least once (the dead-letter gauges are there)
    await eventually(
      async () => ((await prometheus.query('aiops_pipeline_dead_letters')).length > 0 ? true : undefined),
      20_000,
      'an idle export',
    );
    const tag = randomBytes(3).toString('hex');
    const action = `burst.action_${tag}`;
    const model = `burst-model-${tag}`;
    const decisions = Array.from({ length: FAILED + SUCCEEDED }, () =>
      sampleDecision({
        intent: { action, parameters: {} },
        llm: { provider: 'anthropic', model, inputTokens: 100, outputTokens: 20, durationMs: 1_500 },
      }),
    );

    // Act: 8 failed and 12 successful executions in one burst
    const batch = await api.request('POST', '/v1/decisions', { json: { decisions } });
    expect(batch.status).toBe(200);
    for (const [i, d] of decisions.entries()) {
      const execution = i < FAILED ? sampleFailedExecution() : sampleExecution();
      const res = await api.request('POST', `/v1/decisions/${d.decisionId}/execution`, { json: execution });
      expect(res.status).toBe(201);
    }
    await api.pipeline?.drained(30_000);
    await eventually(
      async () => {
        const [total] = await prometheus.query(`sum(aiops_requests_total{action="${action}"})`);
        return total?.value === FAILED + SUCCEEDED ? true : undefined;
      },
      20_000,
      'the totals in Prometheus',
    );
    await sleep(4 * EXPORT_SECONDS * 1000);
    const one = async (q: string) => {
      const result = await prometheus.query(q);
      expect(result, q).toHaveLength(1);
      return result[0]?.value as number;
    };
    const failedIncrease = await one(`sum(increase(aiops_requests_total{status="failed"}[5m]))`);
    const errorRatio = await one(
      'sum(rate(aiops_requests_total{status="failed"}[5m])) / sum(rate(aiops_requests_total[5m]))',
    );
    const p95 = await one(
      'histogram_quantile(0.95, sum(rate(aiops_llm_parse_duration_seconds_bucket[5m])) by (le))',
    );

    process.stdout.write(`${JSON.stringify({ failedIncrease, errorRatio, p95 })}\n`);

    // Assess
    expect(failedIncrease).toBeGreaterThanOrEqual(0.8 * FAILED);
    expect(failedIncrease).toBeLessThanOrEqual(1.5 * FAILED);
    expect(errorRatio).toBeGreaterThan(0.3);
    expect(errorRatio).toBeLessThan(0.5);
    // 1.5 s parse times: the 95th percentile lies in the (1, 2] bucket
    expect(p95).toBeGreaterThan(1);
    expect(p95).toBeLessThanOrEqual(2);
  });
});
