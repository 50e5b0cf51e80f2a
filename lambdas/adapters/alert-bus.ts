import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ALERT_DETAIL_TYPE, ALERT_EVENT_SOURCE, type AlertEvent } from '#domain/alerts/alert-event';

/** Port: where normalised alert events go (the custom EventBridge bus in AWS). */
export type AlertPublisher = (events: readonly AlertEvent[]) => Promise<void>;

/** PutEvents takes at most 10 entries per request. */
const BATCH = 10;
const ATTEMPTS = 3;

/**
 * Puts alert events on an EventBridge bus (`source` aiops.alerts, `detail-type` Alert), ten per
 * request; entries EventBridge reports as failed are sent again (twice), then the call throws
 * with their error codes so the invocation is retried and, in the end, dead-lettered.
 */
export function eventBridgePublisher(
  busName: string,
  eventBridge: EventBridgeClient = new EventBridgeClient({}),
): AlertPublisher {
  const eb = eventBridge;
  return async (events) => {
    for (let i = 0; i < events.length; i += BATCH) {
      let entries: PutEventsRequestEntry[] = events.slice(i, i + BATCH).map((event) => ({
        EventBusName: busName,
        Source: ALERT_EVENT_SOURCE,
        DetailType: ALERT_DETAIL_TYPE,
        Detail: JSON.stringify(event),
        Resources: [],
      }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const out = await eb.send(new PutEventsCommand({ Entries: entries }));
        if (!out.FailedEntryCount) break;
        const failed = entries.filter((_, n) => out.Entries?.[n]?.ErrorCode);
        if (attempt >= ATTEMPTS) {
          const codes = [...new Set(out.Entries?.map((e) => e.ErrorCode).filter(Boolean))].join(', ');
          throw new Error(`PutEvents failed for ${failed.length} alert events: ${codes}`);
        }
        entries = failed;
      }
    }
  };
}
