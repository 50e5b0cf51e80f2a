/**
 * What every local server does the same way: listen as a promise, close an HTTP server with its
 * connections, and read a request body up to a limit.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/**
 * Listens on `host:port` (0 takes any free port); rejects when listening fails (e.g. EADDRINUSE).
 * @returns the port listened on.
 * @example
 * const port = await listen(createServer(handler), 0, '127.0.0.1');
 */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops an HTTP server and ends its open connections; resolves once it is closed.
 * @example
 * await closeServer(server);
 */
export function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Reads a request's body, or `undefined` when it exceeds `limit` bytes (the rest is discarded).
 * @example
 * const body = await readBody(req, 1024 * 1024); // Buffer | undefined
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
