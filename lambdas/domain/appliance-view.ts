import type { Appliance } from '#contract/responses';
import type { ApplianceState } from './ports.ts';

/** An appliance is online while its last heartbeat is younger than the threshold. */
export function toAppliance(state: ApplianceState, now: Date, offlineAfterSeconds: number): Appliance {
  const age = (now.getTime() - Date.parse(state.lastHeartbeatAt)) / 1000;
  return { ...state, online: age <= offlineAfterSeconds };
}
