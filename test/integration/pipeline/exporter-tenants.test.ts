import { afterAll, beforeAll, expect, it } from 'vitest';
import { metricsSourceOf } from '#runtime/metrics-source';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { isoSecondsAgo, sampleHeartbeat } from '../../support/samples.ts';

const api = useTestApi({ APPLIANCE_OFFLINE_AFTER_SECONDS: '600' });

describeWithPrometheus('the exporter, two tenants with the same appliance id', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('exports both tenants’ appliance series apart, each with its customer_id', async () => {
    // Prepare: acme and globex both call their appliance `gw-01`, with different readings
    const acme = await api.createKey('acme', ['heartbeats:write']);
    const globex = await api.createKey('globex', ['heartbeats:write']);
    const sent = (
      await Promise.all([
        api.request('POST', '/v1/heartbeats', {
          key: acme.token,
          json: sampleHeartbeat({
            applianceId: 'gw-01',
            sentAt: isoSecondsAgo(5),
            cpuPercent: 11,
            memoryPercent: 21,
            diskPercent: 31,
            services: { named: 'up' },
          }),
        }),
        api.request('POST', '/v1/heartbeats', {
          key: globex.token,
          json: sampleHeartbeat({
            applianceId: 'gw-01',
            sentAt: isoSecondsAgo(7),
            cpuPercent: 97,
            memoryPercent: 98,
            diskPercent: 99,
            services: { named: 'down' },
          }),
        }),
      ])
    ).map((r) => r.status);
    const { exportOnce } = await import('#adapters/metrics-export');
    const value = async (q: string) =>
      (await prometheus.query(q))
        .map((s) => `${s.metric.customer_id}=${s.value}`)
        .sort()
        .join(' ');

    // Act
    const summary = await exportOnce(
      metricsSourceOf(api.runtime, async () => new Map()),
      { url: prometheus.remoteWriteUrl },
    );
    const scraped = await api.request('GET', '/metrics', { key: null });

    // Assess
    expect(sent).toEqual([201, 201]);
    expect(summary.failures).toEqual([]);
    const gw = 'appliance_id="gw-01"';
    expect(await value(`aiops_appliance_online{${gw}}`)).toBe('acme=1 globex=1');
    expect(await value(`aiops_appliance_cpu_percent{${gw}}`)).toBe('acme=11 globex=97');
    expect(await value(`aiops_appliance_memory_percent{${gw}}`)).toBe('acme=21 globex=98');
    expect(await value(`aiops_appliance_disk_percent{${gw}}`)).toBe('acme=31 globex=99');
    expect(await value(`aiops_appliance_service_up{${gw},service="named"}`)).toBe('acme=1 globex=0');
    expect((await prometheus.query(`aiops_appliance_last_heartbeat_timestamp{${gw}}`)).length).toBe(2);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('aiops_appliance_cpu_percent{appliance_id="gw-01",customer_id="acme"} 11');
    expect(scraped.text).toContain(
      'aiops_appliance_cpu_percent{appliance_id="gw-01",customer_id="globex"} 97',
    );
    expect(scraped.text).toContain(
      'aiops_appliance_service_up{appliance_id="gw-01",customer_id="globex",service="named"} 0',
    );
  });
});
