/**
 * A stand-in for the X-Ray daemon: a UDP socket on 127.0.0.1 that keeps every segment
 * document it receives, checking each datagram's header line as the daemon does.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** The documents received so far, and how to wait for more. */
export interface FakeDaemon {
  /** `127.0.0.1:<port>`, as `AWS_XRAY_DAEMON_ADDRESS` gives it. */
  readonly address: string;
  readonly port: number;
  readonly documents: Record<string, unknown>[];
  /** Resolves once `count` documents have arrived (rejects after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * Listens on a free UDP port of 127.0.0.1.
 * @example const daemon = await startFakeDaemon(); await daemon.received(1);
 */
export async function startFakeDaemon(): Promise<FakeDaemon> {
  const socket = createSocket('udp4');
  const documents: Record<string, unknown>[] = [];
  socket.on('message', (message) => {
    const text = message.toString('utf8');
    const newline = text.indexOf('\n');
    if (text.slice(0, newline) !== '{"format":"json","version":1}') throw new Error(`bad header: ${text}`);
    documents.push(JSON.parse(text.slice(newline + 1)) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    documents,
    async received(count, timeoutMs = 2000) {
      const until = Date.now() + timeoutMs;
      while (documents.length < count) {
        if (Date.now() > until) throw new Error(`${documents.length} of ${count} documents arrived`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return documents.slice(0, count);
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
