import { SQSClient } from '@aws-sdk/client-sqs';
import { traceClient } from '#shared/tracing';

let shared: SQSClient | undefined;

/**
 * The one SQS client of a process, traced. `AWS_ENDPOINT_URL_SQS` (the SDK's standard name)
 * points it elsewhere, e.g. at a loopback server in tests; it is then used for every queue
 * URL instead of the URL's own host.
 */
export function sqsClient(): SQSClient {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS || undefined;
  shared ??= traceClient(new SQSClient({ maxAttempts: 3, ...(endpoint ? { endpoint } : {}) }));
  return shared;
}
