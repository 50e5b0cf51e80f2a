import type { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { timestreamWriteClient } from '#adapters/timestream/client';
import { writeHeartbeatsToTimestream } from '#adapters/timestream/writer';
import { startTimestreamLoopback, type TimestreamLoopback } from './timestream-loopback.ts';

const CONFIG = { database: 'aiops', table: 'heartbeats' } as const;

/** `count` heartbeats of `appliances` appliances, one a second, received 200 ms after sending. */
function heartbeats(count: number, appliances: number, startMs = Date.now() - 3600_000): HeartbeatRow[] {
  return Array.from({ length: count }, (_, i) => ({
    customer_id: i % 2 === 0 ? 'acme' : 'globex',
    appliance_id: `ucs-${i % appliances}`,
    sent_at: new Date(startMs + i * 1000).toISOString(),
    cpu_percent: (i * 7) % 100,
    memory_percent: 40 + (i % 10),
    disk_percent: 63.5,
    services: { named: 'up', 'samba-ad-dc': i % 3 === 0 ? 'down' : 'up' },
    agent_version: '2.4.1',
    received_at: new Date(startMs + i * 1000 + 200).toISOString(),
  }));
}

describe('writeHeartbeatsToTimestream (real SDK against a loopback Timestream Write API)', () => {
  let ts: TimestreamLoopback;
  let client: TimestreamWriteClient;
  beforeAll(async () => {
    ts = await startTimestreamLoopback();
    client = ts.sdkClient(3);
  });
  afterAll(async () => {
    client?.destroy();
    await ts?.close();
  });
  beforeEach(() => {
    ts.calls.length = 0;
    ts.points.clear();
  });

  it('writes 250 heartbeats in 3 signed WriteRecords requests of at most 100 records', async () => {
    // Prepare
    const rows = heartbeats(250, 4);
    // Act
    const report = await writeHeartbeatsToTimestream(rows, { config: CONFIG, client });
    // Assess
    expect(report).toEqual({ configured: true, requests: 3, written: 250, replays: [], failures: [] });
    expect(ts.calls.map((c) => c.operation)).toEqual(['WriteRecords', 'WriteRecords', 'WriteRecords']);
    expect(ts.calls.map((c) => c.body.Records?.length)).toEqual([100, 100, 50]);
    for (const call of ts.calls) {
      expect(call.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(call.headers.authorization).toMatch(
        /Credential=AKIDLOOPBACK\/\d{8}\/eu-west-1\/timestream\/aws4_request/,
      );
      expect(call.body).toMatchObject({ DatabaseName: 'aiops', TableName: 'heartbeats' });
      expect(call.body.CommonAttributes).toMatchObject({
        MeasureName: 'heartbeat',
        MeasureValueType: 'MULTI',
        TimeUnit: 'MILLISECONDS',
      });
    }
    const sent = ts.calls.flatMap((c) =>
      (c.body.Records ?? []).map((r) => ({
        ...r,
        Dimensions: [...(c.body.CommonAttributes?.Dimensions ?? []), ...(r.Dimensions ?? [])],
      })),
    );
    rows.forEach((row, i) => {
      const record = sent[i] as (typeof sent)[number];
      expect(
        Object.fromEntries(record.Dimensions.map((d: { Name: string; Value: string }) => [d.Name, d.Value])),
      ).toEqual({
        customer_id: row.customer_id,
        appliance_id: row.appliance_id,
        agent_version: row.agent_version,
      });
      expect(record.Time).toBe(String(Date.parse(row.sent_at)));
      expect(record.Version).toBe(Date.parse(row.received_at as string));
      expect(record.MeasureValues).toEqual([
        { Name: 'cpu_percent', Value: String(row.cpu_percent), Type: 'DOUBLE' },
        { Name: 'memory_percent', Value: String(row.memory_percent), Type: 'DOUBLE' },
        { Name: 'disk_percent', Value: String(row.disk_percent), Type: 'DOUBLE' },
        { Name: 'service_named', Value: '1', Type: 'BIGINT' },
        {
          Name: 'service_samba_ad_dc',
          Value: row.services['samba-ad-dc'] === 'up' ? '1' : '0',
          Type: 'BIGINT',
        },
      ]);
    });
    expect(ts.points.size).toBe(250);
  });

  it('reports rejected records with their reasons; a replay is not a failure', async () => {
    // Prepare: 10 heartbeats stored; then a replay of them plus 2 outside the memory store's window
    const rows = heartbeats(10, 2);
    await writeHeartbeatsToTimestream(rows, { config: CONFIG, client });
    const stale = heartbeats(2, 1, Date.now() - 3 * 24 * 3600_000);
    const changedButOlder = {
      ...rows[3],
      cpu_percent: 99,
      received_at: '2000-01-01T00:00:00.000Z',
    } as HeartbeatRow;
    ts.calls.length = 0;
    // Act
    const report = await writeHeartbeatsToTimestream([...rows, ...stale, changedButOlder], {
      config: CONFIG,
      client,
    });
    // Assess
    expect(ts.calls).toHaveLength(1);
    expect(report.written).toBe(10);
    expect(report.replays).toEqual([
      {
        index: 12,
        reason: expect.stringMatching(/different measure value/),
        version: Date.parse('2000-01-01T00:00:00.000Z'),
        existingVersion: Date.parse(rows[3]?.received_at as string),
      },
    ]);
    expect(report.failures.map((f) => [f.index, f.existingVersion])).toEqual([
      [10, undefined],
      [11, undefined],
    ]);
    expect(report.failures.every((f) => /ingestion window/.test(f.reason))).toBe(true);
    expect(ts.points.size).toBe(10);
  });

  it('lets a later delivery with new values replace the stored point (higher version)', async () => {
    // Prepare
    const [first] = heartbeats(1, 1);
    await writeHeartbeatsToTimestream([first as HeartbeatRow], { config: CONFIG, client });
    const resent = { ...(first as HeartbeatRow), cpu_percent: 77, received_at: new Date().toISOString() };
    // Act
    const report = await writeHeartbeatsToTimestream([resent], { config: CONFIG, client });
    // Assess
    expect(report).toMatchObject({ written: 1, replays: [], failures: [] });
    const [point] = [...ts.points.values()];
    expect(point?.version).toBe(Date.parse(resent.received_at));
    expect(point?.values).toContain('"Value":"77"');
  });

  it('retries throttling and 5xx answers with backoff, then succeeds', async () => {
    // Prepare
    ts.failNext('ThrottlingException', 429);
    ts.failNext('InternalServerException', 500);
    // Act
    const report = await writeHeartbeatsToTimestream(heartbeats(3, 1), { config: CONFIG, client });
    // Assess
    expect(report).toMatchObject({ requests: 1, written: 3, failures: [] });
    expect(ts.calls.map((c) => c.operation)).toEqual(['WriteRecords', 'WriteRecords', 'WriteRecords']);
    expect(ts.calls[2]?.body).toEqual(ts.calls[0]?.body);
  });

  it('throws once the attempts are spent, so the stream batch is retried', async () => {
    // Prepare
    ts.failNext('ThrottlingException', 429, 3);
    // Act / Assess
    await expect(
      writeHeartbeatsToTimestream(heartbeats(1, 1), { config: CONFIG, client }),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(ts.calls).toHaveLength(3);
  });

  it('sends nothing when not configured', async () => {
    // Act
    const report = await writeHeartbeatsToTimestream(heartbeats(5, 1), { config: undefined, client });
    const fromEnv = await writeHeartbeatsToTimestream(heartbeats(5, 1));
    // Assess
    expect(report).toEqual({ configured: false, requests: 0, written: 0, replays: [], failures: [] });
    expect(fromEnv.configured).toBe(false);
    expect(ts.calls).toHaveLength(0);
  });

  it('goes to a configured endpoint without endpoint discovery (shared client)', async () => {
    // Prepare
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACK';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback';
    const config = { ...CONFIG, region: 'eu-west-1', endpoint: ts.endpoint };
    // Act
    const report = await writeHeartbeatsToTimestream(heartbeats(2, 1), { config }).finally(() => {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    });
    // Assess
    expect(report.written).toBe(2);
    expect(ts.calls.map((c) => c.operation)).toEqual(['WriteRecords']);
    expect(timestreamWriteClient(config)).toBe(timestreamWriteClient(config));
  });
});
