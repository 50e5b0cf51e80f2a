/**
 * A loopback stand-in for the SQS JSON protocol (awsJson1_0: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`) that records what the real SDK sends and answers
 * GetQueueAttributes from a table of queue depths; an unknown queue answers SQS's
 * `QueueDoesNotExist` error.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';

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
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedSqsCall['body'];
      calls.push({ operation, headers: req.headers, body });
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
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
