import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendRemoteWrite } from '#adapters/prometheus/remote-write-client';
import type { MetricMetadataMap, SeriesSample } from '#adapters/prometheus/series';
import {
  describeWithPrometheus,
  type RunningPrometheus,
  startPrometheus,
} from '../../../support/prometheus.ts';

const metadata: MetricMetadataMap = {
  aiops_requests_total: { type: 'counter', help: 'Decisions by action and execution status.' },
  aiops_appliance_cpu_percent: { type: 'gauge', help: 'Appliance CPU usage.' },
  aiops_llm_parse_duration_seconds: { type: 'histogram', help: 'LLM parse time.', unit: 'seconds' },
};
const BOUNDS = [0.1, 0.5, 1, 2, 5, 10, Number.POSITIVE_INFINITY];
const STEP_MS = 30_000;
/** Five scrape-like instants, whole seconds, the last one a minute ago (well inside the TSDB head). */
const end = Math.floor((Date.now() - 60_000) / 1000) * 1000;
const times = [4, 3, 2, 1, 0].map((k) => end - k * STEP_MS);

/** A known workload: per instant, which requests completed and which parse times were observed. */
const workload = times.map((_, i) => ({
  requests: [
    ...Array.from({ length: i + 1 }, () => ({ action: 'dns.add_record', status: 'success' })),
    ...Array.from({ length: i % 2 }, () => ({ action: 'dns.add_record', status: 'failed' })),
    ...Array.from({ length: 2 }, () => ({ action: 'mail.create_mailbox', status: 'success' })),
  ],
  parseSeconds: [0.05, 0.3, 0.7, 1.5, 3 + i, 0.8 * (i + 1)],
  cpu: 20 + i * 7.5,
}));

/** Cumulative counters, gauges and histogram buckets as the exporter would send them. */
function snapshot(): SeriesSample[] {
  const counts = new Map<string, number>();
  const observed: number[] = [];
  return times.flatMap((timestampMs, i) => {
    const step = workload[i];
    if (!step) return [];
    for (const r of step.requests)
      counts.set(`${r.action}|${r.status}`, (counts.get(`${r.action}|${r.status}`) ?? 0) + 1);
    observed.push(...step.parseSeconds);
    const counters = [...counts].map(([key, value]) => {
      const [action = '', status = ''] = key.split('|');
      return { name: 'aiops_requests_total', labels: { action, status }, value, timestampMs };
    });
    const family = 'aiops_llm_parse_duration_seconds';
    const labels = { model: 'claude' };
    const buckets = BOUNDS.map((le) => ({
      name: `${family}_bucket`,
      labels: { ...labels, le: le === Number.POSITIVE_INFINITY ? '+Inf' : String(le) },
      value: observed.filter((x) => x <= le).length,
      timestampMs,
    }));
    return [
      ...counters,
      {
        name: 'aiops_appliance_cpu_percent',
        labels: { appliance_id: 'appl-1' },
        value: step.cpu,
        timestampMs,
      },
      ...buckets,
      { name: `${family}_sum`, labels, value: observed.reduce((a, b) => a + b, 0), timestampMs },
      { name: `${family}_count`, labels, value: observed.length, timestampMs },
    ];
  });
}

/** The quantile as Prometheus' histogram_quantile defines it: linear interpolation inside the bucket. */
function expectedQuantile(
  q: number,
  observations: number[],
): { value: number; lower: number; upper: number } {
  const cumulative = BOUNDS.map((le) => observations.filter((x) => x <= le).length);
  const rank = q * observations.length;
  const b = cumulative.findIndex((c) => c >= rank);
  const lower = b === 0 ? 0 : (BOUNDS[b - 1] ?? 0);
  const upper = BOUNDS[b] ?? Number.NaN;
  const below = b === 0 ? 0 : (cumulative[b - 1] ?? 0);
  const value = lower + ((upper - lower) * (rank - below)) / ((cumulative[b] ?? 0) - below);
  return { value, lower, upper };
}

let prometheus: RunningPrometheus;

describeWithPrometheus('remote write into a real Prometheus', () => {
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('stores counters, gauges and a histogram so that PromQL returns exactly the workload', async () => {
    // Prepare
    const samples = snapshot();
    // Act
    const summary = await sendRemoteWrite(samples, { url: prometheus.remoteWriteUrl, metadata });
    // Assess: the counter of one label set, at the last instant and over the whole range
    expect(summary).toMatchObject({ requests: 1, samples: samples.length, failures: [] });
    const all = workload.flatMap((w) => w.requests);
    const count = (p: (r: { action: string; status: string }) => boolean) => all.filter(p).length;
    const [dnsOk] = await prometheus.query(
      'aiops_requests_total{action="dns.add_record",status="success"}',
      end,
    );
    expect(dnsOk?.value).toBe(count((r) => r.action === 'dns.add_record' && r.status === 'success'));
    const [range] = await prometheus.queryRange(
      'aiops_requests_total{action="dns.add_record",status="success"}',
      times[0] ?? 0,
      end,
      STEP_MS / 1000,
    );
    expect(range?.values).toEqual(
      times.map((timestampMs, i) => ({
        timestampMs,
        value: workload
          .slice(0, i + 1)
          .flatMap((w) => w.requests)
          .filter((r) => r.action === 'dns.add_record' && r.status === 'success').length,
      })),
    );
    // sum by (status)
    const byStatus = await prometheus.query('sum by (status) (aiops_requests_total)', end);
    expect(Object.fromEntries(byStatus.map((r) => [r.metric.status, r.value]))).toEqual({
      success: count((r) => r.status === 'success'),
      failed: count((r) => r.status === 'failed'),
    });
    // the gauge's extremes over the range
    const [cpuMax] = await prometheus.query('max_over_time(aiops_appliance_cpu_percent[5m])', end);
    expect(cpuMax?.value).toBe(Math.max(...workload.map((w) => w.cpu)));
    // the histogram: buckets, count, sum and quantiles
    const observations = workload.flatMap((w) => w.parseSeconds);
    const buckets = await prometheus.query('aiops_llm_parse_duration_seconds_bucket{model="claude"}', end);
    expect(
      buckets
        .map((b) => [Number(b.metric.le === '+Inf' ? Infinity : b.metric.le), b.value])
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    ).toEqual(BOUNDS.map((le) => [le, observations.filter((x) => x <= le).length]));
    const [histogramCount] = await prometheus.query('aiops_llm_parse_duration_seconds_count', end);
    expect(histogramCount?.value).toBe(observations.length);
    for (const q of [0.5, 0.9, 0.99]) {
      const [quantile] = await prometheus.query(
        `histogram_quantile(${q}, sum by (le) (aiops_llm_parse_duration_seconds_bucket))`,
        end,
      );
      const expected = expectedQuantile(q, observations);
      expect(quantile?.value, `q=${q}`).toBeCloseTo(expected.value, 9);
      expect(quantile?.value).toBeGreaterThan(expected.lower);
      expect(quantile?.value).toBeLessThanOrEqual(expected.upper);
    }
  });

  it('splits a snapshot of more than 2,000 samples into requests that are all ingested', async () => {
    // Prepare: 25 series × 100 samples, one second apart
    const samples = Array.from({ length: 2500 }, (_, i) => ({
      name: 'aiops_ansible_tasks_total',
      labels: { playbook_type: `type_${i % 25}`, status: 'ok' },
      value: Math.floor(i / 25),
      timestampMs: end - 99_000 + Math.floor(i / 25) * 1000,
    }));
    let posts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      posts++;
      return fetch(input, init);
    };
    // Act
    const summary = await sendRemoteWrite(samples, { url: prometheus.remoteWriteUrl, fetch: countingFetch });
    // Assess
    expect(summary).toMatchObject({ requests: 2, attempts: 2, samples: 2500, series: 25, failures: [] });
    expect(posts).toBe(2);
    const [stored] = await prometheus.query('sum(count_over_time(aiops_ansible_tasks_total[5m]))', end);
    expect(stored?.value).toBe(2500);
    const perSeries = await prometheus.query('aiops_ansible_tasks_total', end);
    expect(perSeries).toHaveLength(25);
    expect(new Set(perSeries.map((s) => s.value))).toEqual(new Set([99]));
  });

  it('gets a 400 for an out-of-order sample and does not retry it', async () => {
    // Prepare: a series whose newest sample is at `end`
    const series = { name: 'aiops_feedback_total', labels: { rating: 'thumbs_up' } };
    await sendRemoteWrite([{ ...series, value: 5, timestampMs: end }], { url: prometheus.remoteWriteUrl });
    let posts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      posts++;
      return fetch(input, init);
    };
    // Act: an older sample of the same series
    const summary = await sendRemoteWrite([{ ...series, value: 4, timestampMs: end - 10_000 }], {
      url: prometheus.remoteWriteUrl,
      fetch: countingFetch,
      retry: { baseDelayMs: 1 },
    });
    // Assess
    expect(posts).toBe(1);
    expect(summary).toMatchObject({ attempts: 1, retries: 0, samples: 0 });
    expect(summary.failures).toEqual([
      { request: 0, samples: 1, attempts: 1, status: 400, message: expect.stringMatching(/out of order/i) },
    ]);
    const [stored] = await prometheus.query('aiops_feedback_total', end);
    expect(stored?.value).toBe(5);
  });
  // What the exporter's zero samples must respect, as the installed Prometheus does it.
  it('refuses a whole request when one sample is older than its series holds: the others are not stored either', async () => {
    // Prepare: a series whose newest sample is at `end`
    const held = { name: 'aiops_intent_verdicts_total', labels: { action: 'a', verdict: 'agreed' } };
    const fresh = { name: 'aiops_intent_verdicts_total', labels: { action: 'b', verdict: 'agreed' } };
    await sendRemoteWrite([{ ...held, value: 3, timestampMs: end }], { url: prometheus.remoteWriteUrl });
    // Act: a new series and a zero sample of the held one before its newest
    const summary = await sendRemoteWrite(
      [
        { ...fresh, value: 0, timestampMs: end - 2_000 },
        { ...fresh, value: 1, timestampMs: end },
        { ...held, value: 0, timestampMs: end - 1_000 },
      ],
      { url: prometheus.remoteWriteUrl },
    );
    // Assess
    expect(summary.failures).toEqual([expect.objectContaining({ status: 400 })]);
    expect(await prometheus.query('aiops_intent_verdicts_total{action="b"}', end)).toEqual([]);
  });

  it('refuses a sample more than an hour older than its newest sample, even of a new series', async () => {
    // Prepare
    const series = (action: string) => ({
      name: 'aiops_intent_verdicts_total',
      labels: { action, verdict: 'corrected' },
    });
    // Act
    const inside = await sendRemoteWrite([{ ...series('c'), value: 0, timestampMs: end - 50 * 60_000 }], {
      url: prometheus.remoteWriteUrl,
    });
    const outside = await sendRemoteWrite([{ ...series('d'), value: 0, timestampMs: end - 61 * 60_000 }], {
      url: prometheus.remoteWriteUrl,
    });
    // Assess
    expect(inside.failures).toEqual([]);
    expect(outside.failures).toEqual([
      expect.objectContaining({ status: 400, message: expect.stringMatching(/out of bounds/i) }),
    ]);
  });

  it('accepts the newest sample of a series again, unchanged', async () => {
    // Prepare
    const series = { name: 'aiops_intent_verdicts_total', labels: { action: 'e', verdict: 'agreed' } };
    await sendRemoteWrite([{ ...series, value: 2, timestampMs: end }], { url: prometheus.remoteWriteUrl });
    // Act
    const again = await sendRemoteWrite([{ ...series, value: 2, timestampMs: end }], {
      url: prometheus.remoteWriteUrl,
    });
    // Assess
    expect(again.failures).toEqual([]);
  });
});
