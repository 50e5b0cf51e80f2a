import type { AlertSender } from '#domain/alerts/deliver-alert';
import { PAGERDUTY_EVENTS_URL, pagerDutyEvent, pagerDutyEventSchema } from '#domain/alerts/pagerduty-event';
import { DeliveryError, postOnce } from './http-post.ts';

/** Options of {@link pagerDutySender}. */
export interface PagerDutySenderOptions {
  /** The Events API v2 integration's routing key (read from Secrets Manager in AWS). */
  readonly routingKey: () => Promise<string>;
  /** @default PAGERDUTY_EVENTS_URL (https://events.pagerduty.com/v2/enqueue) */
  readonly url?: string;
}

/**
 * Sends notices to PagerDuty's Events API v2: the event is checked against the documented
 * format first, then POSTed; 202 is success, 429 / 5xx / network errors are retryable, any
 * other answer (400: the event was refused) is not.
 */
export function pagerDutySender(options: PagerDutySenderOptions): AlertSender {
  return async (notice) => {
    const event = pagerDutyEventSchema.parse(pagerDutyEvent(notice, await options.routingKey()));
    const { status, body } = await postOnce(options.url ?? PAGERDUTY_EVENTS_URL, JSON.stringify(event), {
      receiver: 'PagerDuty',
    });
    if (status !== 202)
      throw new DeliveryError(`PagerDuty refused the event (${status}): ${body}`, false, status);
  };
}
