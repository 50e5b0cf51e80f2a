/**
 * A loopback HTTP server for the tests of this folder: records every request (method, path,
 * headers, body, arrival time) and answers with the next scripted response.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
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

/**
 * Starts a server on a free loopback port. `respond` picks the answer for the n-th request
 * (0-based); the last scripted answer repeats.
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
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: new Uint8Array(Buffer.concat(chunks)),
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
