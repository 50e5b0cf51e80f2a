import type { Logger } from '@aws-lambda-powertools/logger';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseDeadLetterQueues } from '#domain/metrics/dead-letters';

/** Messages waiting in each queue, by queue name. */
export type QueueDepths = ReadonlyMap<string, number>;

/**
 * `ApproximateNumberOfMessages` of each queue (one GetQueueAttributes call each, in
 * parallel). A queue that cannot be read is left out and logged, so one missing permission or
 * a throttled call costs that queue's sample, not the whole export.
 * @example await queueDepths(new Map([['exporter-schedule', queueUrl]]), sqs, logger) // Map { 'exporter-schedule' => 0 }
 */
export async function queueDepths(
  queues: ReadonlyMap<string, string>,
  client: SQSClient,
  logger: Pick<Logger, 'warn'>,
): Promise<Map<string, number>> {
  const read = await Promise.all(
    [...queues].map(async ([name, url]): Promise<[string, number] | undefined> => {
      try {
        const res = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        const count = Number(res.Attributes?.ApproximateNumberOfMessages ?? Number.NaN);
        if (!Number.isInteger(count) || count < 0)
          throw new Error('no ApproximateNumberOfMessages in the answer');
        return [name, count];
      } catch (e) {
        logger.warn('dead-letter queue not read', { queue: name, error: (e as Error).message });
        return undefined;
      }
    }),
  );
  return new Map(read.filter((r) => r !== undefined));
}

/**
 * The dead-letter queues named by `DEAD_LETTER_QUEUES` (the CDK sets it on the exporter), as
 * a source of depths; `undefined` when the variable is unset or empty.
 * @throws Error from {@link parseDeadLetterQueues} when the variable is malformed.
 */
export function deadLetterQueuesFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  client: () => SQSClient,
  logger: Pick<Logger, 'warn'>,
): (() => Promise<QueueDepths>) | undefined {
  const queues = parseDeadLetterQueues(env.DEAD_LETTER_QUEUES);
  return queues.size === 0 ? undefined : () => queueDepths(queues, client(), logger);
}
