import type { AlertEvent, AlertLinkSettings } from './alert-event.ts';
import { goQuotedToJson } from './go-quoted.ts';
import { fromAlertmanager } from './normalise-alertmanager.ts';

/** The parts of an SNS notification the normaliser reads (Lambda's `SNSMessage`). */
export interface SnsNotification {
  readonly Message: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly Value?: string } | undefined>>;
}

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    // Go templates print control characters raw and `%q` writes escapes JSON lacks (`\x01`,
    // `\a`): rewritten, such a message parses.
    try {
      return JSON.parse(goQuotedToJson(message));
    } catch (e) {
      throw new Error(
        `the AMP alertmanager message is not JSON (${(e as Error).message}): give the SNS receiver a ` +
          'template that renders the notification as JSON (lib/constructs/alertmanager-definition.ts)',
      );
    }
  }
}

/**
 * The alerts of one AMP alertmanager notification delivered by SNS: the `Message` holds the
 * Alertmanager notification as JSON (the webhook's fields), one event per alert.
 * @throws Error when AMP marked the message truncated (over SNS's 256 KB: alerts are lost,
 *   so it goes to the dead-letter queue rather than being half-delivered) or it is not such JSON.
 */
export function fromAmpSnsMessage(notification: SnsNotification, settings: AlertLinkSettings): AlertEvent[] {
  if (notification.MessageAttributes?.truncated?.Value === 'true') {
    const why = notification.MessageAttributes.modified?.Value ?? 'no reason given';
    throw new Error(`the AMP alertmanager message was truncated by SNS (${why})`);
  }
  return fromAlertmanager(parseJson(notification.Message), settings);
}
