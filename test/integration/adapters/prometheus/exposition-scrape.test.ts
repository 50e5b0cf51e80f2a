import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '#adapters/prometheus/exposition';
import type { MetricMetadataMap, SeriesSample } from '#adapters/prometheus/series';
import {
  describeWithPrometheus,
  type RunningPrometheus,
  startPrometheus,
} from '../../../support/prometheus.ts';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server.ts';

const metadata: MetricMetadataMap = {
  aiops_requests_total: { type: 'counter', help: 'Decisions by action\nand "status" \\ outcome.' },
  aiops_appliance_disk_percent: { type: 'gauge', help: 'Appliance disk usage.' },
  aiops_ansible_execution_duration_seconds: { type: 'histogram', help: 'Playbook run time.' },
};
const family = 'aiops_ansible_execution_duration_seconds';
const BOUNDS = ['1', '5', '10', '30', '60', '120', '+Inf'];
const observations = [0.5, 3, 4, 12, 25, 45, 90, 200];
const now = Date.now();
const tricky = 'say "hi" \\ to\nDNS';

const exposed: SeriesSample[] = [
  {
    name: 'aiops_requests_total',
    labels: { action: 'dns.add_record', status: 'success' },
    value: 42,
    timestampMs: now,
  },
  { name: 'aiops_requests_total', labels: { action: tricky, status: 'failed' }, value: 3, timestampMs: now },
  {
    name: 'aiops_appliance_disk_percent',
    labels: { appliance_id: 'appl-1' },
    value: 87.25,
    timestampMs: now,
  },
  {
    name: 'aiops_appliance_disk_percent',
    labels: { appliance_id: 'appl-inf' },
    value: Infinity,
    timestampMs: now,
  },
  {
    name: 'aiops_appliance_disk_percent',
    labels: { appliance_id: 'appl-nan' },
    value: Number.NaN,
    timestampMs: now,
  },
  // the histogram arrives shuffled: the exposition puts it in order
  {
    name: `${family}_count`,
    labels: { playbook_type: 'dns', status: 'success' },
    value: observations.length,
    timestampMs: now,
  },
  {
    name: `${family}_sum`,
    labels: { playbook_type: 'dns', status: 'success' },
    value: observations.reduce((a, b) => a + b),
    timestampMs: now,
  },
  ...[...BOUNDS].reverse().map((le) => ({
    name: `${family}_bucket`,
    labels: { playbook_type: 'dns', status: 'success', le },
    value: observations.filter((x) => le === '+Inf' || x <= Number(le)).length,
    timestampMs: now,
  })),
];

let target: RecordingServer;
let prometheus: RunningPrometheus;

/** Polls until every query returns something (Prometheus scrapes once a second). */
async function scraped(queries: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const results = await Promise.all(queries.map((q) => prometheus.query(q)));
    if (results.every((r) => r.length > 0)) return;
    if (Date.now() > deadline) throw new Error(`not scraped within 20 s: ${queries.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithPrometheus('exposition scraped by a real Prometheus', () => {
  beforeAll(async () => {
    const body = renderExposition(exposed, metadata);
    target = await startRecordingServer(() => ({
      status: 200,
      headers: { 'Content-Type': EXPOSITION_CONTENT_TYPE },
      body,
    }));
    prometheus = await startPrometheus({ scrapeTarget: target.host });
    await scraped(['up{job="exposition"} == 1', 'aiops_requests_total', `${family}_bucket`]);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await target?.close();
  });

  it('reads back every counter and gauge value, escaped label values and special values included', async () => {
    // Act
    const counters = await prometheus.query('aiops_requests_total');
    const gauges = await prometheus.query('aiops_appliance_disk_percent');
    // Assess
    expect(target.requests[0]?.path).toBe('/metrics');
    expect(counters.map((c) => [c.metric.action, c.metric.status, c.value]).sort()).toEqual(
      exposed
        .filter((s) => s.name === 'aiops_requests_total')
        .map((s) => [s.labels.action, s.labels.status, s.value])
        .sort(),
    );
    const byAppliance = Object.fromEntries(gauges.map((g) => [g.metric.appliance_id, g.value]));
    expect(byAppliance['appl-1']).toBe(87.25);
    expect(byAppliance['appl-inf']).toBe(Infinity);
    expect(byAppliance['appl-nan']).toBeNaN();
  });

  it('reads back the histogram buckets, sum and count, and the quantile lies in the right bucket', async () => {
    // Act
    const buckets = await prometheus.query(`${family}_bucket{playbook_type="dns",status="success"}`);
    const [count] = await prometheus.query(`${family}_count`);
    const [sum] = await prometheus.query(`${family}_sum`);
    const [p50] = await prometheus.query(`histogram_quantile(0.5, ${family}_bucket)`);
    // Assess
    expect(Object.fromEntries(buckets.map((b) => [b.metric.le, b.value]))).toEqual(
      Object.fromEntries(
        exposed.filter((s) => s.name === `${family}_bucket`).map((s) => [s.labels.le, s.value]),
      ),
    );
    expect(count?.value).toBe(observations.length);
    expect(sum?.value).toBe(observations.reduce((a, b) => a + b));
    // the 4th of 8 observations (12) lies in the (10, 30] bucket
    expect(p50?.value).toBeGreaterThan(10);
    expect(p50?.value).toBeLessThanOrEqual(30);
  });

  it('reads back HELP text and TYPE through the metadata API', async () => {
    // Act
    const data = await prometheus.api<Record<string, { type: string; help: string }[]>>('/api/v1/metadata');
    // Assess
    for (const [name, meta] of Object.entries(metadata)) {
      expect(data[name]?.[0], name).toMatchObject({ type: meta.type, help: meta.help });
    }
  });
});
