import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * An SQS client, its calls traced when `trace` is given. `AWS_ENDPOINT_URL_SQS` (the SDK's
 * standard name) in `env` points it elsewhere, e.g. at a loopback server in tests; it is then
 * used for every queue URL instead of the URL's own host.
 * @example const sqs = createSqsClient(process.env, tracing.traceClient);
 */
export function createSqsClient(
  env: Readonly<Record<string, string | undefined>> = {},
  trace: <T>(client: T) => T = (client) => client,
): SQSClient {
  const endpoint = env.AWS_ENDPOINT_URL_SQS || undefined;
  return trace(new SQSClient({ maxAttempts: 3, ...(endpoint ? { endpoint } : {}) }));
}
