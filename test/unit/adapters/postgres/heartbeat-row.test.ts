import { describe, expect, it } from 'vitest';
import { toHeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { sampleHeartbeat } from '../../../support/samples.ts';

/** An appliances-table history item as DynamoApplianceStore writes it. */
function historyItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { schemaVersion: _v, ...hb } = sampleHeartbeat({ sentAt: '2026-11-21T10:00:00+01:00' });
  const sentAt = new Date(hb.sentAt).toISOString();
  return {
    pk: `acme#${hb.applianceId}`,
    sk: `HB#${sentAt}`,
    customerId: 'acme',
    ...hb,
    sentAt,
    hash: 'f'.repeat(64),
    receivedAt: '2026-11-21T09:00:01.000Z',
    expiresAt: 1_800_000_000,
    ...overrides,
  };
}

describe('toHeartbeatRow', () => {
  it('maps a history item to its row', () => {
    // Prepare
    const item = historyItem();
    // Act
    const row = toHeartbeatRow(item);
    // Assess
    expect(row).toEqual({
      customer_id: 'acme',
      appliance_id: item.applianceId,
      sent_at: '2026-11-21T09:00:00.000Z',
      cpu_percent: item.cpuPercent,
      memory_percent: item.memoryPercent,
      disk_percent: item.diskPercent,
      services: item.services,
      agent_version: item.agentVersion,
      received_at: '2026-11-21T09:00:01.000Z',
    });
  });

  it('skips the LATEST state item', () => {
    // Act / Assess
    expect(toHeartbeatRow({ ...historyItem(), sk: 'LATEST' })).toBeUndefined();
  });

  it('names the attribute a history item lacks or has of the wrong type', () => {
    // Act / Assess
    expect(() => toHeartbeatRow(historyItem({ cpuPercent: undefined }))).toThrow(
      /cpuPercent must be a number/,
    );
    expect(() => toHeartbeatRow(historyItem({ services: null }))).toThrow(/services must be an object/);
    expect(() => toHeartbeatRow(historyItem({ sentAt: 'yesterday' }))).toThrow(/sentAt must be a timestamp/);
  });
});
