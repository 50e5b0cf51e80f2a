import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import type { AlertSender } from '#domain/alerts/deliver-alert';
import { emailMessage } from '#domain/alerts/email-message';
import { DeliveryError } from './http-post.ts';

/** Options of {@link snsEmailSender}. */
export interface SnsEmailSenderOptions {
  /** The e-mail topic, `arn:aws:sns:<region>:<account>:<name>`. */
  readonly topicArn: string;
  /**
   * The SNS client.
   * @default one client in the topic's region, one attempt per notice (the delivery queue
   * retries), endpoint from `AWS_ENDPOINT_URL_SNS` when set
   */
  readonly client?: SNSClient;
}

const RETRYABLE_CODES = new Set(['Throttling', 'ThrottlingException', 'InternalError', 'ServiceUnavailable']);

/**
 * Publishes notices to the SNS topic the e-mail subscriptions hang off. Throttling and 5xx
 * are retryable (the delivery queue tries again), other errors not.
 */
export function snsEmailSender(options: SnsEmailSenderOptions): AlertSender {
  const region = options.topicArn.split(':')[3];
  if (!options.topicArn.startsWith('arn:') || !region)
    throw new Error(`not an SNS topic ARN: ${options.topicArn}`);
  const client = options.client ?? new SNSClient({ region, maxAttempts: 1 });
  return async (notice) => {
    const { subject, body } = emailMessage(notice);
    try {
      await client.send(new PublishCommand({ TopicArn: options.topicArn, Subject: subject, Message: body }));
    } catch (e) {
      if (!(e instanceof SNSServiceException))
        throw new DeliveryError(`SNS Publish failed (${(e as Error).message})`, true);
      const status = e.$metadata.httpStatusCode ?? 0;
      throw new DeliveryError(
        `SNS Publish failed (${status} ${e.name})`,
        RETRYABLE_CODES.has(e.name) || status >= 500,
        status,
      );
    }
  };
}
