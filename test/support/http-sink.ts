/**
 * A loopback HTTP server on a free port that records every request and answers from a script
 * (default 200 `ok`): the stand-in for PagerDuty, Slack, SNS or another AWS API in tests.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually.ts';

/** One recorded request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
  readonly receivedAt: number;
}

/** An answer of the sink. */
export interface SinkAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** A running sink. */
export interface HttpSink {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answers the next requests with these, in order, before falling back to the default. */
  script(...answers: SinkAnswer[]): void;
  /** Resolves when at least `count` requests matching `filter` arrived; rejects after `timeoutMs`. */
  waitFor(
    count: number,
    timeoutMs: number,
    filter?: (r: RecordedRequest) => boolean,
  ): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

/**
 * Starts a sink on 127.0.0.1, port 0.
 * @example const pagerduty = await startHttpSink({ status: 202, body: '{"status":"success"}' });
 */
export async function startHttpSink(
  fallback: SinkAnswer | ((r: RecordedRequest) => SinkAnswer) = { status: 200, body: 'ok' },
): Promise<HttpSink> {
  const requests: RecordedRequest[] = [];
  const scripted: SinkAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        json,
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      const answer = scripted.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => scripted.push(...answers),
    waitFor: (count, timeoutMs, filter = () => true) =>
      eventually(
        async () => {
          const matching = requests.filter(filter);
          return matching.length >= count ? matching : undefined;
        },
        timeoutMs,
        `${count} requests`,
        {
          intervalMs: 50,
          timeoutMessage: () =>
            `expected ${count} requests within ${timeoutMs} ms, got ${requests.filter(filter).length}`,
        },
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
