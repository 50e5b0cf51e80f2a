/**
 * A loopback HTTP server on a free port that records every request (method, path, headers,
 * body as text, JSON and bytes, arrival time) and answers what its handler says: the one server
 * under every stand-in of the tests (remote-write receivers, S3, Grafana, SQS, SNS, IoT,
 * PagerDuty, Slack). {@link startHttpSink} adds an answer script and waiting for requests.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually.ts';

/** One recorded request. */
export interface RecordedRequest {
  readonly method: string;
  /** Path with the query string, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The body as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
  /** The body's bytes (a snappy-compressed remote write, a signed payload). */
  readonly bytes: Uint8Array;
  readonly receivedAt: number;
}

/** A scripted answer. */
export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A running recording server. */
export interface RecordingServer {
  readonly url: string;
  /** `host:port`. */
  readonly host: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Starts a server on a free loopback port. `respond` picks the answer for the n-th request
 * (0-based), the request already recorded.
 *
 * @example
 * const server = await startRecordingServer((n) => (n === 0 ? { status: 503 } : { status: 204 }));
 */
export async function startRecordingServer(
  respond: (index: number, request: RecordedRequest) => ScriptedResponse,
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json: parseJson(body),
        bytes: new Uint8Array(bytes),
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      const answer = respond(requests.length - 1, recorded);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A recording server answering from a script: the stand-in for PagerDuty, Slack, SNS or another AWS API. */
export interface HttpSink extends RecordingServer {
  /** Answers the next requests with these, in order, before falling back to the default. */
  script(...answers: ScriptedResponse[]): void;
  /** Resolves when at least `count` requests matching `filter` arrived; rejects after `timeoutMs`. */
  waitFor(
    count: number,
    timeoutMs: number,
    filter?: (r: RecordedRequest) => boolean,
  ): Promise<RecordedRequest[]>;
}

/**
 * Starts a sink (default answer 200 `ok`, `content-type: text/plain` unless the answer sets one).
 * @example const pagerduty = await startHttpSink({ status: 202, body: '{"status":"success"}' });
 */
export async function startHttpSink(
  fallback: ScriptedResponse | ((r: RecordedRequest) => ScriptedResponse) = { status: 200, body: 'ok' },
): Promise<HttpSink> {
  const scripted: ScriptedResponse[] = [];
  const server = await startRecordingServer((_, recorded) => {
    const answer = scripted.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
    return { ...answer, headers: { 'content-type': 'text/plain', ...answer.headers } };
  });
  const { requests } = server;
  return {
    ...server,
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
  };
}
