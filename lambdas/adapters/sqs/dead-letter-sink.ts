import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type DeadLetterSink,
  encodeDeadLetter,
  RECORD_DEAD_LETTER_QUEUE_URL,
  SQS_MAX_MESSAGE_BYTES,
} from '#streams/record-dead-letters';

/**
 * A sink that sends each dead letter as one SQS message (records are set aside rarely; one
 * SendMessage each keeps every message within the size limit on its own).
 * @example await sqsDeadLetterSink(queueUrl, () => sqs).send([letter]);
 */
export function sqsDeadLetterSink(queueUrl: string, client: () => SQSClient): DeadLetterSink {
  return {
    send: async (letters) => {
      for (const letter of letters)
        await client().send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: encodeDeadLetter(letter, SQS_MAX_MESSAGE_BYTES),
          }),
        );
    },
  };
}

/**
 * The SQS queue of `RECORD_DEAD_LETTER_QUEUE_URL`, read when a letter is sent. Without it a
 * send fails, and so does the batch: Lambda retries it and, in the end, its on-failure
 * destination keeps the batch's range; a record is never dropped.
 * @example const sink = deadLetterSinkFromEnv(process.env, () => sqs);
 */
export function deadLetterSinkFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  client: () => SQSClient,
): DeadLetterSink {
  return {
    send: async (letters) => {
      const url = env[RECORD_DEAD_LETTER_QUEUE_URL];
      if (!url) throw new Error(`${RECORD_DEAD_LETTER_QUEUE_URL} is not set: nowhere to set records aside`);
      await sqsDeadLetterSink(url, client).send(letters);
    },
  };
}
