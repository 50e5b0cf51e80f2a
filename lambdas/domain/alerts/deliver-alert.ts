import { randomUUID } from 'node:crypto';
import type { AlertEvent } from './alert-event.ts';
import {
  type AlertGroupState,
  type AlertNotice,
  eventVersion,
  type NoticeAction,
  pendingAction,
} from './alert-group.ts';
import { groupKey } from './alert-keys.ts';
import type { AlertReceiver } from './routing.ts';

/** Port: the state of alert groups, kept with conditional writes (DynamoDB in AWS and locally). */
export interface AlertGroupStore {
  /**
   * Adds the alert to the group's firing set (or removes it when resolved) unless the store
   * has already seen a version of this alert at least as new; returns the group afterwards.
   */
  record(key: string, event: AlertEvent, version: number): Promise<AlertGroupState>;
  /**
   * Takes the group's delivery lease for `action` if nobody holds a live one and the group
   * still owes that notice; `false` otherwise.
   */
  claim(key: string, claimId: string, action: NoticeAction, nowMs: number): Promise<boolean>;
  /** Marks the notice sent and frees the lease; the group afterwards, or `undefined` when the lease was lost. */
  complete(key: string, claimId: string, action: NoticeAction): Promise<AlertGroupState | undefined>;
  /** Frees the lease after a failed send. */
  release(key: string, claimId: string): Promise<void>;
  /** The group now. */
  get(key: string): Promise<AlertGroupState>;
}

/** Port: sends one notice to one receiver; throws when it was not accepted. */
export type AlertSender = (notice: AlertNotice) => Promise<void>;

/** What {@link deliverAlert} needs. */
export interface DeliverAlertDeps {
  readonly receiver: AlertReceiver;
  readonly store: AlertGroupStore;
  readonly send: AlertSender;
  /** Labels that split alerts of one name into groups (the tenant always does). @default ['alertname'] */
  readonly groupBy?: readonly string[];
  /** @default Date.now */
  readonly now?: () => number;
}

/** Rounds of claim → send → complete before giving the group back (each round is one change). */
const MAX_ROUNDS = 4;

/**
 * Delivers one alert event to one receiver, at most once per change of its group: records the
 * alert in its group, and while the group owes a notice (`trigger` or `resolve`), takes the
 * group's lease, sends, and marks it sent. A repeat, an out-of-order event or a change while
 * the group stays firing sends nothing. A failed send frees the lease and throws (the queue
 * retries it); a lease held by another delivery is left to it (it re-checks the group after
 * sending, so a change made meanwhile is not lost).
 * @returns the notices sent, in order.
 */
export async function deliverAlert(event: AlertEvent, deps: DeliverAlertDeps): Promise<AlertNotice[]> {
  const now = deps.now ?? Date.now;
  const group = groupKey(event, deps.groupBy ?? ['alertname']);
  const key = `${deps.receiver}#${group}`;
  const sent: AlertNotice[] = [];
  let state: AlertGroupState | undefined = await deps.store.record(key, event, eventVersion(event, now()));
  for (let round = 0; round < MAX_ROUNDS && state; round++) {
    const action = pendingAction(state);
    if (!action) break;
    const claimId = randomUUID();
    if (!(await deps.store.claim(key, claimId, action, now()))) break;
    const notice: AlertNotice = {
      action,
      groupKey: group,
      event: state.lastEvent ?? event,
      firingCount: state.firing.size,
    };
    try {
      await deps.send(notice);
    } catch (error) {
      await deps.store.release(key, claimId).catch(() => undefined);
      throw error;
    }
    sent.push(notice);
    state = await deps.store.complete(key, claimId, action);
  }
  return sent;
}
