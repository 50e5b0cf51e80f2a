import type { AlertSender } from '#domain/alerts/deliver-alert';
import { slackMessage, slackMessageSchema } from '#domain/alerts/slack-message';
import { DeliveryError, postOnce } from './http-post.ts';

/**
 * Sends notices to a Slack incoming webhook (URL read from Secrets Manager in AWS; it is the
 * secret, so it never appears in an error). 200 is success; 429 / 5xx are retryable; 400
 * `invalid_payload`, 403, 404 `channel_not_found` and 410 `channel_is_archived` are not.
 */
export function slackSender(webhookUrl: () => Promise<string>): AlertSender {
  return async (notice) => {
    const message = slackMessageSchema.parse(slackMessage(notice));
    const { status, body } = await postOnce(await webhookUrl(), JSON.stringify(message), {
      receiver: 'Slack',
    });
    if (status !== 200)
      throw new DeliveryError(`Slack refused the message (${status}): ${body}`, false, status);
  };
}
