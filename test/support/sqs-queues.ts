/**
 * A loopback stand-in for SQS queues (the JSON protocol: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`), on the recording server: SendMessage,
 * ReceiveMessage with visibility timeouts and receipt handles, DeleteMessage,
 * ChangeMessageVisibility and GetQueueAttributes, with the MD5 digests the SDK checks.
 * SQS itself cannot run here; this keeps real messages the real SDK sends and receives.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type RecordingServer, startRecordingServer } from './recording-server.ts';

/** One message as the stand-in holds it. */
export interface StoredMessage {
  readonly id: string;
  readonly body: string;
  receiveCount: number;
  /** Out of view until then (ms since the epoch); 0 when visible. */
  invisibleUntil: number;
  /** The receipt handle of the latest receive. */
  receipt?: string;
}

/** A running stand-in. */
export interface SqsQueues {
  readonly endpoint: string;
  /** Every call, in order: operation and JSON body. */
  readonly calls: { readonly operation: string; readonly body: Record<string, unknown> }[];
  /** Creates a queue and answers its URL. */
  createQueue(name: string): string;
  /** The messages of a queue (visible or not), oldest first. */
  messages(url: string): StoredMessage[];
  /** An SDK client pointed at the stand-in (dummy credentials, one attempt). */
  sdkClient(): SQSClient;
  close(): Promise<void>;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const error = (type: string, message: string) => ({
  status: 400,
  json: { __type: `com.amazonaws.sqs#${type}`, message },
});

/** Starts the stand-in on a free loopback port. */
export async function startSqsQueues(): Promise<SqsQueues> {
  const queues = new Map<string, StoredMessage[]>();
  const calls: SqsQueues['calls'] = [];
  const handle = (operation: string, body: Record<string, unknown>): { status: number; json: unknown } => {
    const queue = queues.get(String(body.QueueUrl));
    if (!queue) return error('QueueDoesNotExist', 'The specified queue does not exist.');
    const now = Date.now();
    const byReceipt = () => queue.find((m) => m.receipt !== undefined && m.receipt === body.ReceiptHandle);
    switch (operation) {
      case 'SendMessage': {
        const message = {
          id: randomUUID(),
          body: String(body.MessageBody),
          receiveCount: 0,
          invisibleUntil: 0,
        };
        queue.push(message);
        return { status: 200, json: { MessageId: message.id, MD5OfMessageBody: md5(message.body) } };
      }
      case 'ReceiveMessage': {
        const max = Number(body.MaxNumberOfMessages ?? 1);
        const timeout = Number(body.VisibilityTimeout ?? 30);
        const taken = queue.filter((m) => m.invisibleUntil <= now).slice(0, max);
        for (const m of taken) {
          m.receiveCount += 1;
          m.invisibleUntil = now + timeout * 1000;
          m.receipt = `${m.id}#${m.receiveCount}`;
        }
        return {
          status: 200,
          json: {
            Messages: taken.map((m) => ({
              MessageId: m.id,
              ReceiptHandle: m.receipt,
              MD5OfBody: md5(m.body),
              Body: m.body,
            })),
          },
        };
      }
      case 'DeleteMessage': {
        const m = byReceipt();
        if (!m) return error('ReceiptHandleIsInvalid', 'The input receipt handle is invalid.');
        queue.splice(queue.indexOf(m), 1);
        return { status: 200, json: {} };
      }
      case 'ChangeMessageVisibility': {
        const m = byReceipt();
        if (!m) return error('ReceiptHandleIsInvalid', 'The input receipt handle is invalid.');
        m.invisibleUntil = now + Number(body.VisibilityTimeout) * 1000;
        return { status: 200, json: {} };
      }
      case 'GetQueueAttributes': {
        const visible = queue.filter((m) => m.invisibleUntil <= now).length;
        return {
          status: 200,
          json: {
            Attributes: {
              ApproximateNumberOfMessages: String(visible),
              ApproximateNumberOfMessagesNotVisible: String(queue.length - visible),
            },
          },
        };
      }
      default:
        return error('UnsupportedOperation', `${operation} is not supported by the stand-in`);
    }
  };
  const server: RecordingServer = await startRecordingServer((_, request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
    const body = (request.json ?? {}) as Record<string, unknown>;
    calls.push({ operation, body });
    const answer = handle(operation, body);
    return {
      status: answer.status,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(answer.json),
    };
  });
  return {
    endpoint: server.url,
    calls,
    createQueue: (name) => {
      const url = `${server.url}/000000000000/${name}`;
      queues.set(url, []);
      return url;
    },
    messages: (url) => queues.get(url) ?? [],
    sdkClient: () =>
      new SQSClient({
        endpoint: server.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    close: server.close,
  };
}
