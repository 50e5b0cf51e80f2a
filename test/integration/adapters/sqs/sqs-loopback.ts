/**
 * A loopback stand-in for the SQS JSON protocol (awsJson1_0: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`) that records what the real SDK sends and answers
 * GetQueueAttributes from a table of queue depths; an unknown queue answers SQS's
 * `QueueDoesNotExist` error.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startRecordingServer } from '../../../support/recording-server.ts';

/** One request as the server received it. */
export interface RecordedSqsCall {
  readonly operation: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { readonly QueueUrl?: string; readonly AttributeNames?: string[] };
}

/** A running loopback. */
export interface SqsLoopback {
  readonly endpoint: string;
  readonly calls: RecordedSqsCall[];
  /** Depth of each queue, by queue URL. */
  readonly depths: Map<string, number>;
  /** An SDK client pointed at the loopback (dummy credentials). */
  sdkClient(): SQSClient;
  close(): Promise<void>;
}

/** Starts the loopback on a free port. */
export async function startSqsLoopback(): Promise<SqsLoopback> {
  const calls: RecordedSqsCall[] = [];
  const depths = new Map<string, number>();
  const server = await startRecordingServer((_, request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
    const body = JSON.parse(request.body || '{}') as RecordedSqsCall['body'];
    calls.push({ operation, headers: request.headers, body });
    const depth = body.QueueUrl === undefined ? undefined : depths.get(body.QueueUrl);
    const answer =
      operation === 'GetQueueAttributes' && depth !== undefined
        ? { status: 200, json: { Attributes: { ApproximateNumberOfMessages: String(depth) } } }
        : {
            status: 400,
            json: {
              __type: 'com.amazonaws.sqs#QueueDoesNotExist',
              message: 'The specified queue does not exist.',
            },
          };
    return {
      status: answer.status,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(answer.json),
    };
  });
  const endpoint = server.url;
  return {
    endpoint,
    calls,
    depths,
    sdkClient: () =>
      new SQSClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    close: server.close,
  };
}
