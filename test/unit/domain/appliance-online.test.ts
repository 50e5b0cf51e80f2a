import { describe, expect, it } from 'vitest';
import { isOnline } from '#domain/appliance-online';
import { snapshot } from '#domain/metrics/snapshot';
import type { ApplianceState } from '#domain/ports';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const iso = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();
const state = (over: Partial<ApplianceState> = {}): ApplianceState => ({
  customerId: 'acme',
  applianceId: 'appl-1',
  lastHeartbeatAt: iso(10),
  receivedAt: iso(9),
  cpuPercent: 1,
  memoryPercent: 2,
  diskPercent: 3,
  services: {},
  agentVersion: '1.0.0',
  ...over,
});

describe('isOnline', () => {
  it('is online while the last heartbeat is within the threshold and no disconnect came after it', () => {
    // Assess
    expect(isOnline(state(), NOW, 300)).toBe(true);
    expect(isOnline(state({ presence: { connected: true, at: iso(5) } }), NOW, 300)).toBe(true);
    expect(isOnline(state({ presence: { connected: false, at: iso(60) } }), NOW, 300)).toBe(true);
  });

  it('is offline once the heartbeat is older than the threshold, whatever the presence', () => {
    // Assess
    expect(isOnline(state({ lastHeartbeatAt: iso(301) }), NOW, 300)).toBe(false);
    expect(
      isOnline(state({ lastHeartbeatAt: iso(301), presence: { connected: true, at: iso(1) } }), NOW, 300),
    ).toBe(false);
  });

  it('is offline at once when the broker reports a disconnect after the last heartbeat arrived', () => {
    // Assess
    expect(isOnline(state({ presence: { connected: false, at: iso(2) } }), NOW, 300)).toBe(false);
    // the server clocks are compared, not the appliance's: a fast appliance clock hides nothing
    expect(
      isOnline(
        state({ lastHeartbeatAt: iso(-100), receivedAt: iso(9), presence: { connected: false, at: iso(2) } }),
        NOW,
        300,
      ),
    ).toBe(false);
  });

  it('drives aiops_appliance_online in the snapshot', () => {
    // Act
    const samples = snapshot(
      new Map(),
      [
        state({ applianceId: 'up-1' }),
        state({ applianceId: 'gone-1', presence: { connected: false, at: iso(1) } }),
      ],
      NOW,
      300,
    );

    // Assess
    const online = Object.fromEntries(
      samples.filter((s) => s.name === 'aiops_appliance_online').map((s) => [s.labels.appliance_id, s.value]),
    );
    expect(online).toEqual({ 'up-1': 1, 'gone-1': 0 });
  });
});
