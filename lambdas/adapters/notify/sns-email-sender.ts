import type { AlertSender } from '#domain/alerts/deliver-alert';
import { emailMessage } from '#domain/alerts/email-message';
import type { RequestSigner } from '../prometheus/remote-write-client.ts';
import { sigv4Signer } from '../prometheus/sigv4.ts';
import { DeliveryError, postOnce } from './http-post.ts';

/** Options of {@link snsEmailSender}. */
export interface SnsEmailSenderOptions {
  /** The e-mail topic, `arn:aws:sns:<region>:<account>:<name>`. */
  readonly topicArn: string;
  /** @default `https://sns.<region>.amazonaws.com/`, or `AWS_ENDPOINT_URL_SNS` when set */
  readonly endpoint?: string;
  /** @default SigV4 for `sns` in the topic's region, credentials from the default chain */
  readonly sign?: RequestSigner;
}

const ERROR_CODE = /<Code>([^<]+)<\/Code>/;
const RETRYABLE_CODES = new Set(['Throttling', 'ThrottlingException', 'InternalError', 'ServiceUnavailable']);

/**
 * Publishes notices to the SNS topic the e-mail subscriptions hang off, with SNS's Query API
 * (`Action=Publish`) signed with SigV4: the project carries no SNS client, and one signed POST
 * is all it takes. Throttling and 5xx are retryable, other errors not.
 */
export function snsEmailSender(options: SnsEmailSenderOptions): AlertSender {
  const region = options.topicArn.split(':')[3];
  if (!options.topicArn.startsWith('arn:') || !region)
    throw new Error(`not an SNS topic ARN: ${options.topicArn}`);
  const endpoint =
    options.endpoint ?? process.env.AWS_ENDPOINT_URL_SNS ?? `https://sns.${region}.amazonaws.com/`;
  const sign = options.sign ?? sigv4Signer({ region, service: 'sns' });
  return async (notice) => {
    const { subject, body } = emailMessage(notice);
    const form = new URLSearchParams({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: options.topicArn,
      Subject: subject,
      Message: body,
    });
    const bytes = new TextEncoder().encode(form.toString());
    const headers = await sign({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: bytes,
    });
    // fetch derives Host from the URL (the signer signed the same value).
    const { host: _host, ...rest } = headers;
    const { status, body: answer } = await postOnce(endpoint, bytes, { receiver: 'SNS', headers: rest });
    if (status === 200) return;
    const code = ERROR_CODE.exec(answer)?.[1] ?? 'unknown';
    throw new DeliveryError(`SNS Publish failed (${status} ${code})`, RETRYABLE_CODES.has(code), status);
  };
}
