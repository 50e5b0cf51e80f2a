import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { metricsSourceOf } from '#runtime/metrics-source';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
  sampleHeartbeat,
} from '../../support/samples.ts';

const api = useTestApi({}, { pipeline: true });

describeWithPrometheus('the pipeline, from the API to PostgreSQL and Prometheus', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('fills the replica and the exact counters from live traffic, retries and out-of-order events included', async () => {
    const applianceId = `appl-e2e-${Date.now().toString(36)}`;
    // Prepare: 12 decisions; every third failed; executions sent before some decisions; every event sent twice
    const decisions = Array.from({ length: 12 }, (_, i) =>
      sampleDecision({ intent: { action: i % 2 ? 'dns.add_record' : 'mail.add_alias', parameters: {} } }),
    );
    for (const [i, d] of decisions.entries()) {
      const id = d.decisionId as string;
      const execution = i % 3 === 0 ? sampleFailedExecution() : sampleExecution();
      const feedback = sampleFeedback({ rating: i % 3 === 0 ? 'thumbs_down' : 'thumbs_up' });
      const events: [string, unknown][] = [
        ['/v1/decisions', d],
        [`/v1/decisions/${id}/execution`, execution],
        [`/v1/decisions/${id}/feedback`, feedback],
      ];
      if (i % 4 === 0) events.reverse();
      for (const [path, body] of [...events, ...events]) {
        const res = await api.request('POST', path, { json: body });
        expect(res.status).toBeLessThan(300);
      }
    }
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({ applianceId, sentAt: new Date().toISOString() }),
    });
    // Act
    await api.pipeline?.drained(30_000);
    const db = await (api.replicaDatabase as () => Promise<SqlClient>)();
    // Only this test's rows: with DATABASE_URL the database is shared.
    const ids = decisions.map((d) => d.decisionId as string);
    const rows = await db.query<{ execution_status: string; n: number }>(
      'SELECT execution_status, count(*)::int AS n FROM ai_decisions WHERE id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1',
      [ids],
    );
    const feedback = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ai_decisions WHERE id = ANY($1::uuid[]) AND user_feedback = 'thumbs_down'",
      [ids],
    );
    const beats = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM appliance_heartbeats WHERE appliance_id = $1',
      [applianceId],
    );
    const { exportOnce } = await import('#adapters/metrics-export');
    const summary = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    const value = async (q: string) => (await prometheus.query(q)).map((s) => s.value);
    // Assess
    expect(rows.rows).toEqual([
      { execution_status: 'failed', n: 4 },
      { execution_status: 'success', n: 8 },
    ]);
    expect(feedback.rows[0]?.n).toBe(4);
    expect(beats.rows[0]?.n).toBe(1);
    expect(summary.failures).toEqual([]);
    expect(await value('sum(aiops_requests_total)')).toEqual([12]);
    expect(await value('sum(aiops_requests_total{status="failed"})')).toEqual([4]);
    expect(await value('sum(aiops_requests_total{action="dns.add_record"})')).toEqual([6]);
    expect(await value('sum(aiops_feedback_total{rating="thumbs_up"})')).toEqual([8]);
    expect(await value('sum(aiops_llm_confidence_score_count)')).toEqual([12]);
    expect(await api.pipeline?.deadLetters.list()).toEqual([]);
    const stats = api.pipeline?.stats() ?? {};
    expect(Object.keys(stats).sort()).toEqual([
      'aggregator@decisions',
      'replica@appliances',
      'replica@decisions',
    ]);
    expect(stats['replica@appliances']?.recordsSucceeded).toBeGreaterThanOrEqual(1);
  });
});
