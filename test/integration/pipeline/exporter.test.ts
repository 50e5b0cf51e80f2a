import { afterAll, beforeAll, expect, it } from 'vitest';
import { metricsSourceOf } from '#runtime/metrics-source';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

const api = useTestApi({ APPLIANCE_OFFLINE_AFTER_SECONDS: '600' });

describeWithPrometheus('the exporter, into a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('remote-writes the durable totals and the appliance gauges, and exposes the same values', async () => {
    // Prepare: two appliances (one silent for an hour) and known totals
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({
        applianceId: 'appl-dns-01',
        sentAt: ago(5),
        cpuPercent: 42,
        services: { named: 'up', smbd: 'down' },
      }),
    });
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({ applianceId: 'appl-old-01', sentAt: ago(3600) }),
    });
    const series = 'aiops_requests_total{action="dns.add_record",status="success"}';
    await api.runtime.aggregates.fold([
      { sequenceNumber: '100', increments: new Map([[series, 3]]) },
      { sequenceNumber: '101', increments: new Map([['aiops_feedback_total{rating="thumbs_up"}', 2]]) },
    ]);
    const { exportOnce, exposition } = await import('#adapters/metrics-export');
    // Act
    const summary = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    const text = await exposition(metricsSourceOf(api.runtime));
    const scraped = await api.request('GET', '/metrics', { key: null });
    // Assess
    expect(summary.failures).toEqual([]);
    const value = async (q: string) => (await prometheus.query(q)).map((s) => s.value);
    expect(await value(series)).toEqual([3]);
    expect(await value('aiops_feedback_total')).toEqual([2]);
    expect(await value('aiops_appliance_online{appliance_id="appl-dns-01",customer_id="local"}')).toEqual([
      1,
    ]);
    expect(await value('aiops_appliance_online{appliance_id="appl-old-01"}')).toEqual([0]);
    expect(await value('aiops_appliance_cpu_percent{appliance_id="appl-dns-01"}')).toEqual([42]);
    expect(await value('aiops_appliance_service_up{appliance_id="appl-dns-01",service="smbd"}')).toEqual([0]);
    expect(text.body).toContain(`${series} 3`);
    expect(text.body).toContain('# TYPE aiops_requests_total counter');
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(scraped.text).toContain(`${series} 3`);
    expect(scraped.text).toContain(
      'aiops_appliance_online{appliance_id="appl-old-01",customer_id="local"} 0',
    );
  });
});
