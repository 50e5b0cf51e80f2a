import type { AlertSender } from '#domain/alerts/deliver-alert';
import type { AlertReceiver } from '#domain/alerts/routing';
import { pagerDutySender } from './pagerduty-sender.ts';
import { secretString } from './secret-string.ts';
import { slackSender } from './slack-sender.ts';
import { snsEmailSender } from './sns-email-sender.ts';

/**
 * Where each receiver's settings come from. In AWS the secrets are named (`*_SECRET`, read
 * from Secrets Manager at send time); locally the values may be given directly.
 */
export interface SenderEnv {
  /** @default PagerDuty's public endpoint */
  readonly PAGERDUTY_EVENTS_URL?: string;
  /** Secrets Manager name or ARN of the PagerDuty routing key. */
  readonly PAGERDUTY_ROUTING_KEY_SECRET?: string;
  /** The routing key itself (local use). */
  readonly PAGERDUTY_ROUTING_KEY?: string;
  /** Secrets Manager name or ARN of the Slack incoming webhook URL. */
  readonly SLACK_WEBHOOK_SECRET?: string;
  /** The webhook URL itself (local use). */
  readonly SLACK_WEBHOOK_URL?: string;
  /** The SNS topic of the e-mail subscriptions. */
  readonly ALERT_EMAIL_TOPIC_ARN?: string;
}

const fromSecretOr = (secretId: string | undefined, value: string | undefined) =>
  secretId ? () => secretString(secretId) : value ? async () => value : undefined;

/**
 * The sender of a receiver, or `undefined` when its settings are absent.
 * @example configuredSender('slack', { SLACK_WEBHOOK_URL: 'http://127.0.0.1:9000/hook' })
 */
export function configuredSender(
  receiver: AlertReceiver,
  env: SenderEnv = process.env,
): AlertSender | undefined {
  switch (receiver) {
    case 'pagerduty': {
      const routingKey = fromSecretOr(env.PAGERDUTY_ROUTING_KEY_SECRET, env.PAGERDUTY_ROUTING_KEY);
      return routingKey
        ? pagerDutySender({
            routingKey,
            ...(env.PAGERDUTY_EVENTS_URL ? { url: env.PAGERDUTY_EVENTS_URL } : {}),
          })
        : undefined;
    }
    case 'slack': {
      const url = fromSecretOr(env.SLACK_WEBHOOK_SECRET, env.SLACK_WEBHOOK_URL);
      return url ? slackSender(url) : undefined;
    }
    case 'email':
      return env.ALERT_EMAIL_TOPIC_ARN ? snsEmailSender({ topicArn: env.ALERT_EMAIL_TOPIC_ARN }) : undefined;
  }
}
