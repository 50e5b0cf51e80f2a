import { describe, expect, it } from 'vitest';
import type { HeartbeatRow } from '#adapters/postgres/heartbeat-row';
import {
  HEARTBEAT_MEASURE_NAME,
  heartbeatVersion,
  serviceMeasureName,
  toTimestreamRecord,
} from '#adapters/timestream/records';

function row(overrides: Partial<HeartbeatRow> = {}): HeartbeatRow {
  return {
    customer_id: 'acme',
    appliance_id: 'ucs-1',
    sent_at: '2026-11-21T09:00:00.000Z',
    cpu_percent: 12.5,
    memory_percent: 48.1,
    disk_percent: 63,
    services: { named: 'up', 'step-ca': 'down' },
    agent_version: '2.4.1',
    received_at: '2026-11-21T09:00:01.250Z',
    ...overrides,
  };
}

describe('serviceMeasureName', () => {
  it.each([
    ['DNS', 'service_dns'],
    ['samba-ad-dc', 'service_samba_ad_dc'],
    ['Samba (SMB)', 'service_samba_smb'],
    ['  mail:imap  ', 'service_mail_imap'],
    ['ts_reserved', 'service_ts_reserved'],
    ['___', 'service_unnamed'],
    ['Überwachung', 'service_uberwachung'],
  ])('sanitises %j to a Timestream measure name', (service, expected) => {
    // Act
    const name = serviceMeasureName(service);
    // Assess
    expect(name).toBe(expected);
    expect(name).toMatch(/^service_[a-z0-9_]+$/);
  });

  it('keeps names within 256 characters', () => {
    // Act
    const name = serviceMeasureName('x'.repeat(1000));
    // Assess
    expect(name).toHaveLength(256);
  });
});

describe('heartbeatVersion', () => {
  it('is the received time in milliseconds', () => {
    // Prepare
    const r = row();
    // Act / Assess
    expect(heartbeatVersion(r)).toBe(Date.parse(r.received_at as string));
  });

  it('falls back to the sent time for rows without a received time', () => {
    // Prepare
    const r = row({ received_at: null });
    // Act / Assess
    expect(heartbeatVersion(r)).toBe(Date.parse(r.sent_at));
  });

  it('names the field that is not a timestamp', () => {
    // Act / Assess
    expect(() => heartbeatVersion(row({ received_at: 'yesterday' }))).toThrow(
      /received_at must be a timestamp/,
    );
  });

  it('orders a later delivery of the same heartbeat above the earlier one', () => {
    // Prepare
    const first = row();
    const later = row({ received_at: '2026-11-21T09:05:00.000Z' });
    // Act / Assess
    expect(heartbeatVersion(later)).toBeGreaterThan(heartbeatVersion(first));
  });
});

describe('toTimestreamRecord', () => {
  it('maps a row to one MULTI record with dimensions, typed measures, time and version in ms', () => {
    // Prepare
    const r = row();
    // Act
    const record = toTimestreamRecord(r);
    // Assess
    expect(record.Dimensions).toEqual([
      { Name: 'customer_id', Value: r.customer_id },
      { Name: 'appliance_id', Value: r.appliance_id },
      { Name: 'agent_version', Value: r.agent_version },
    ]);
    expect(record.MeasureName).toBe(HEARTBEAT_MEASURE_NAME);
    expect(record.MeasureValueType).toBe('MULTI');
    expect(record.MeasureValues).toEqual([
      { Name: 'cpu_percent', Value: String(r.cpu_percent), Type: 'DOUBLE' },
      { Name: 'memory_percent', Value: String(r.memory_percent), Type: 'DOUBLE' },
      { Name: 'disk_percent', Value: String(r.disk_percent), Type: 'DOUBLE' },
      { Name: 'service_named', Value: '1', Type: 'BIGINT' },
      { Name: 'service_step_ca', Value: '0', Type: 'BIGINT' },
    ]);
    expect(record.TimeUnit).toBe('MILLISECONDS');
    expect(record.Time).toBe(String(Date.parse(r.sent_at)));
    expect(record.Version).toBe(heartbeatVersion(r));
  });

  it('merges services that sanitise to the same measure, down if either is down', () => {
    // Prepare
    const r = row({ services: { DNS: 'up', dns: 'down', 'Mail ': 'up', mail: 'up' } });
    // Act
    const services = toTimestreamRecord(r).MeasureValues?.filter((m) => m.Name.startsWith('service_'));
    // Assess
    expect(services).toEqual([
      { Name: 'service_dns', Value: '0', Type: 'BIGINT' },
      { Name: 'service_mail', Value: '1', Type: 'BIGINT' },
    ]);
  });

  it('names a percentage that is not a finite number', () => {
    // Act / Assess
    expect(() => toTimestreamRecord(row({ disk_percent: Number.NaN }))).toThrow(
      /disk_percent must be a finite number/,
    );
  });
});
