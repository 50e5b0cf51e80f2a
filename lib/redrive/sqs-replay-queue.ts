/**
 * An SQS queue as `aiops-obs redrive` reads it: messages are received in tens and kept out of
 * view (a visibility timeout) while they are replayed; deleted once replayed; at the end the
 * rest is made visible again at once, so a dry run or a record that still fails leaves the
 * queue as it was (but for SQS's receive count).
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ReceivedMessage, ReplayQueue } from './replay-queue.ts';

/** Options of {@link sqsReplayQueue}. */
export interface SqsReplayQueueOptions {
  /** How long a received message stays out of view while a redrive runs. @default 900 */
  readonly visibilityTimeoutSeconds?: number;
  /** Long polling of each receive, so an almost empty queue is read whole. @default 1 */
  readonly waitTimeSeconds?: number;
}

/**
 * The queue at `url`, named `name` (its `aiops_pipeline_dead_letters` label).
 * @example sqsReplayQueue('replica-records', url, createSqsClient(process.env))
 */
export function sqsReplayQueue(
  name: string,
  url: string,
  client: SQSClient,
  options: SqsReplayQueueOptions = {},
): ReplayQueue {
  /** Receipt handles of the messages received and not deleted, by message id (the latest receive's). */
  const held = new Map<string, string>();
  return {
    name,
    receive: async function* () {
      const seen = new Set<string>();
      for (;;) {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: options.visibilityTimeoutSeconds ?? 900,
            WaitTimeSeconds: options.waitTimeSeconds ?? 1,
          }),
        );
        const fresh: ReceivedMessage[] = [];
        for (const m of Messages) {
          if (!m.MessageId || !m.ReceiptHandle) continue;
          held.set(m.MessageId, m.ReceiptHandle);
          if (!seen.has(m.MessageId)) fresh.push({ id: m.MessageId, body: m.Body ?? '' });
          seen.add(m.MessageId);
        }
        // Nothing new: every message there has been seen (an old one back in view after its timeout).
        if (fresh.length === 0) return;
        yield* fresh;
      }
    },
    delete: async (message) => {
      const handle = held.get(message.id);
      if (!handle) throw new Error(`${name}: message ${message.id} was not received`);
      await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
      held.delete(message.id);
    },
    releaseAll: async () => {
      for (const [id, handle] of held) {
        await client.send(
          new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
        );
        held.delete(id);
      }
    },
  };
}
