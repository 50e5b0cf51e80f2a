import type { Appliance } from '#contract/responses';
import { isOnline } from './appliance-online.ts';
import type { ApplianceState } from './ports.ts';

/** An appliance as the API shows it: online per {@link isOnline} (fresh heartbeat, not disconnected since). */
export function toAppliance(state: ApplianceState, now: Date, offlineAfterSeconds: number): Appliance {
  const { receivedAt: _r, presence: _p, ...shown } = state;
  return { ...shown, online: isOnline(state, now.getTime(), offlineAfterSeconds) };
}
