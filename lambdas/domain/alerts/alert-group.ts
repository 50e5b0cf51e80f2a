import type { AlertEvent } from './alert-event.ts';

/** What a receiver is asked to send for a group. */
export type NoticeAction = 'trigger' | 'resolve';

/** The state of one alert group for one receiver, as the group store holds it. */
export interface AlertGroupState {
  /** Dedup keys of the group's alerts that are firing now. */
  readonly firing: ReadonlySet<string>;
  /** What the receiver was last told; absent before the first notice (read as resolved). */
  readonly notified?: 'firing' | 'resolved';
  /** The latest alert that changed the group (what a notice shows). */
  readonly lastEvent?: AlertEvent;
}

/** One notice to one receiver: the group went from resolved to firing, or back. */
export interface AlertNotice {
  readonly action: NoticeAction;
  /** The group's key: PagerDuty's `dedup_key`, the same for trigger and resolve. */
  readonly groupKey: string;
  /** The alert that made the change. */
  readonly event: AlertEvent;
  /** How many alerts of the group are firing after the change. */
  readonly firingCount: number;
}

/**
 * The notice a group still owes its receiver, if any: `trigger` when alerts are firing and the
 * receiver was not told, `resolve` when none are and it was told they were. A group that
 * stays firing while alerts join or leave owes nothing (one page per incident).
 */
export function pendingAction(state: AlertGroupState): NoticeAction | undefined {
  const firing = state.firing.size > 0;
  const told = state.notified === 'firing';
  if (firing === told) return undefined;
  return firing ? 'trigger' : 'resolve';
}

/**
 * The version of an event for one alert: its start when firing, its end when resolved. The
 * store ignores an event whose version is not newer than the alert's last, so a repeat or a
 * late, out-of-order delivery cannot reopen a resolved alert.
 */
export function eventVersion(event: AlertEvent, nowMs = Date.now()): number {
  const at = event.state === 'firing' ? event.startsAt : (event.endsAt ?? new Date(nowMs).toISOString());
  return Date.parse(at);
}
