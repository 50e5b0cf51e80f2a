import type { ApplianceState } from './ports.ts';

/**
 * Whether an appliance counts as online: its last heartbeat is at most `offlineAfterSeconds`
 * old, and the broker has not reported it disconnected since that heartbeat arrived. Both
 * times of the second test are server clocks (the broker's event time against the time the
 * heartbeat was received), so an appliance clock that runs wrong cannot hide a disconnect.
 * A heartbeat received after the disconnect (a reconnect, or the agent's HTTPS fallback)
 * brings it back.
 * @example isOnline(state, Date.now(), 300)
 */
export function isOnline(state: ApplianceState, nowMs: number, offlineAfterSeconds: number): boolean {
  const sentMs = Date.parse(state.lastHeartbeatAt);
  if (!((nowMs - sentMs) / 1000 <= offlineAfterSeconds)) return false;
  const presence = state.presence;
  if (!presence || presence.connected) return true;
  const heardMs = Date.parse(state.receivedAt ?? state.lastHeartbeatAt);
  return Date.parse(presence.at) < heardMs;
}
