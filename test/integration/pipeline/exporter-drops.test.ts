/**
 * Issue 12 §2: one series that cannot be sent must not stop the export of the others. It is
 * left out, logged and counted in `aiops_exporter_dropped_series_total{reason}`, which reaches
 * Prometheus with everything else and shows in `increase()` from its first drop.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { metricsSourceOf } from '#runtime/metrics-source';
import { captureLogs } from '../../support/capture-logs.ts';
import { dynamoClient } from '../../support/dynamodb.ts';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

const api = useTestApi({ APPLIANCE_OFFLINE_AFTER_SECONDS: '600' });

const SUCCESS = 'aiops_requests_total{action="dns.add_record",status="success"}';
const FAILED = 'aiops_requests_total{action="dns.add_record",status="failed"}';
/** The same series as FAILED with its labels in another order: another item, another value. */
const FAILED_AGAIN = 'aiops_requests_total{status="failed",action="dns.add_record"}';
/** A key that cannot be read: a label value without quotes. */
const UNREADABLE = 'aiops_requests_total{action=dns.add_record,status="timeout"}';

describeWithPrometheus('the exporter with series that cannot be sent', () => {
  let prometheus: RunningPrometheus;
  let db: DynamoDBDocumentClient;
  beforeAll(async () => {
    prometheus = await startPrometheus();
    db = DynamoDBDocumentClient.from(dynamoClient(inject('dynamodbEndpoint')));
  });
  afterAll(async () => {
    db?.destroy();
    await prometheus?.stop();
  });

  it('sends every other series, logs the ones left out and counts them by reason', async () => {
    // Prepare: good totals and an appliance, beside a conflicting and an unreadable item
    await api.runtime.aggregates.fold([
      { sequenceNumber: '1', increments: new Map([[SUCCESS, 5]]) },
      { sequenceNumber: '2', increments: new Map([[FAILED, 3]]) },
    ]);
    const table = `${api.tablePrefix}-metrics`;
    for (const [sk, value] of [
      [FAILED_AGAIN, 7],
      [UNREADABLE, 1],
    ] as const)
      await db.send(new PutCommand({ TableName: table, Item: { pk: 'S#aiops_requests_total', sk, value } }));
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({ applianceId: 'appl-dns-01', sentAt: new Date().toISOString(), cpuPercent: 42 }),
    });
    const { exportOnce } = await import('#adapters/metrics-export');

    // Act
    const logs = captureLogs();
    const outcome = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl })
      .catch((e: Error) => e)
      .finally(() => logs.restore());
    const value = async (q: string) => (await prometheus.query(q)).map((s) => s.value);

    // Assess: the rest went out
    expect(await value(SUCCESS)).toEqual([5]);
    expect(await value('aiops_appliance_cpu_percent{appliance_id="appl-dns-01"}')).toEqual([42]);
    expect(await value('aiops_requests_total{status="failed"}')).toEqual([]);
    if (outcome instanceof Error) throw outcome;
    expect(outcome.failures).toEqual([]);
    // Assess: left out, logged with the series and the reason, counted
    expect(outcome.dropped.map((d) => d.reason).sort()).toEqual(['conflict', 'invalid_label']);
    const lines = logs
      .text()
      .split('\n')
      .filter((l) => l.includes('series left out of the export'))
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'WARN',
          reason: 'conflict',
          name: 'aiops_requests_total',
          labels: { action: 'dns.add_record', status: 'failed' },
        }),
        expect.objectContaining({
          level: 'WARN',
          reason: 'invalid_label',
          detail: expect.stringContaining('action=dns.add_record'),
        }),
      ]),
    );
    expect(await value('aiops_exporter_dropped_series_total{reason="conflict"}')).toEqual([1]);
    expect(await value('aiops_exporter_dropped_series_total{reason="invalid_label"}')).toEqual([1]);
    const [first] = await value('sum(increase(aiops_exporter_dropped_series_total[5m]))');
    expect(first).toBeGreaterThanOrEqual(2);
  });

  it('counts the drops again on the next run, which Prometheus accepts', async () => {
    // Prepare
    const { exportOnce } = await import('#adapters/metrics-export');
    const logs = captureLogs();

    // Act
    let summary: Awaited<ReturnType<typeof exportOnce>>;
    try {
      summary = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    } finally {
      logs.restore();
    }

    // Assess
    expect(summary.failures).toEqual([]);
    expect(summary.skipped).toBeUndefined();
    const counted = await prometheus.query('aiops_exporter_dropped_series_total');
    expect(Object.fromEntries(counted.map((s) => [s.metric.reason, s.value]))).toEqual({
      conflict: 2,
      invalid_label: 2,
    });
  });
});
