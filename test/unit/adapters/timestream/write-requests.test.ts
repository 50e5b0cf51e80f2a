import { describe, expect, it } from 'vitest';
import type { HeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { type TimestreamRecord, toTimestreamRecord } from '#adapters/timestream/records';
import { MAX_RECORDS_PER_REQUEST, toWriteRequests } from '#adapters/timestream/write-requests';

function rows(count: number, appliances: number): HeartbeatRow[] {
  return Array.from({ length: count }, (_, i) => ({
    customer_id: 'acme',
    appliance_id: `ucs-${i % appliances}`,
    sent_at: new Date(Date.UTC(2026, 10, 21, 9) + i * 1000).toISOString(),
    cpu_percent: i,
    memory_percent: 50,
    disk_percent: 60,
    services: { named: 'up' },
    agent_version: '2.4.1',
    received_at: null,
  }));
}

/** A request's records with the common attributes merged back, as Timestream reads them. */
function expand(request: {
  CommonAttributes: TimestreamRecord;
  Records: TimestreamRecord[];
}): TimestreamRecord[] {
  const { Dimensions: commonDims = [], ...common } = request.CommonAttributes;
  return request.Records.map(({ Dimensions = [], ...own }) => {
    const dims = [...commonDims, ...Dimensions];
    return { ...common, ...own, Dimensions: dims };
  });
}

const byName = (r: TimestreamRecord) => ({
  ...r,
  Dimensions: [...(r.Dimensions ?? [])].sort((a, b) => a.Name.localeCompare(b.Name)),
});

describe('toWriteRequests', () => {
  it('splits records into requests of at most 100, in order, with their source indexes', () => {
    // Prepare
    const records = rows(250, 7).map(toTimestreamRecord);
    // Act
    const requests = toWriteRequests(records, { database: 'aiops', table: 'heartbeats' });
    // Assess
    expect(requests.map((r) => r.Records.length)).toEqual([100, 100, 50]);
    expect(requests.every((r) => r.DatabaseName === 'aiops' && r.TableName === 'heartbeats')).toBe(true);
    expect(requests.flatMap((r) => r.sourceIndexes)).toEqual(records.map((_, i) => i));
    expect(Math.max(...requests.map((r) => r.Records.length))).toBeLessThanOrEqual(MAX_RECORDS_PER_REQUEST);
  });

  it('hoists shared fields without changing what each record means', () => {
    // Prepare
    const records = rows(30, 3).map(toTimestreamRecord);
    // Act
    const [request] = toWriteRequests(records, { database: 'aiops', table: 'heartbeats' });
    // Assess
    expect(request?.CommonAttributes).toEqual({
      MeasureName: 'heartbeat',
      MeasureValueType: 'MULTI',
      TimeUnit: 'MILLISECONDS',
      Dimensions: [
        { Name: 'customer_id', Value: 'acme' },
        { Name: 'agent_version', Value: '2.4.1' },
      ],
    });
    expect(request?.Records[0]).toEqual({
      Dimensions: [{ Name: 'appliance_id', Value: 'ucs-0' }],
      MeasureValues: records[0]?.MeasureValues,
      Time: records[0]?.Time,
      Version: records[0]?.Version,
    });
    expect(expand(request as never).map(byName)).toEqual(records.map(byName));
  });

  it('moves every dimension into the common attributes for one appliance', () => {
    // Prepare
    const records = rows(5, 1).map(toTimestreamRecord);
    // Act
    const [request] = toWriteRequests(records, { database: 'aiops', table: 'heartbeats' });
    // Assess
    expect(request?.CommonAttributes.Dimensions).toHaveLength(3);
    expect(request?.Records.every((r) => r.Dimensions === undefined)).toBe(true);
    expect(expand(request as never).map(byName)).toEqual(records.map(byName));
  });

  it('sends nothing for no records and refuses a request size above the service limit', () => {
    // Act / Assess
    expect(toWriteRequests([], { database: 'aiops', table: 'heartbeats' })).toEqual([]);
    expect(() => toWriteRequests([], { database: 'd', table: 't', maxRecords: 101 })).toThrow(/maxRecords/);
  });
});
