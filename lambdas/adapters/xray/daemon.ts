/**
 * Sends segment documents to the X-Ray daemon over UDP, as its protocol has it: one
 * datagram per document, a JSON header line then the document. Lambda runs the daemon
 * for a function with active tracing and gives its address in `AWS_XRAY_DAEMON_ADDRESS`.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

const HEADER = '{"format":"json","version":1}\n';
/** A UDP datagram's largest payload, less room for the header. */
export const MAX_DOCUMENT_BYTES = 64_000;

/** Where the daemon listens. */
export interface DaemonAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `tcp:host:port udp:host:port` (the UDP
 * one is taken). @default 127.0.0.1:2000
 * @example daemonAddress('169.254.79.129:2000') // { host: '169.254.79.129', port: 2000 }
 */
export function daemonAddress(value: string | undefined): DaemonAddress {
  const udp = value?.split(/\s+/).find((p) => p.startsWith('udp:')) ?? value?.split(/\s+/)[0];
  const hostPort = udp?.replace(/^(udp|tcp):/, '');
  const colon = hostPort?.lastIndexOf(':') ?? -1;
  const port = Number(hostPort?.slice(colon + 1));
  if (!hostPort || colon < 1 || !Number.isInteger(port)) return { host: '127.0.0.1', port: 2000 };
  return { host: hostPort.slice(0, colon).replace(/^\[|\]$/g, ''), port };
}

/** Sends documents to one daemon. */
export interface DaemonEmitter {
  /** Sends one document, serialised; a failure to send is dropped, as tracing must never fail a request. */
  send(json: string): void;
  /** Closes the socket (tests; in Lambda it lives as long as the process). */
  close(): void;
}

/**
 * A UDP emitter to `address`; the socket is opened on the first send and never keeps the
 * process alive. (Not `connect`ed: a send while connecting would be lost.)
 * @example daemonEmitter(daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS)).send(JSON.stringify(doc))
 */
export function daemonEmitter(address: DaemonAddress): DaemonEmitter {
  let socket: Socket | undefined;
  return {
    send(json) {
      try {
        if (!socket) {
          socket = createSocket(isIPv6(address.host) ? 'udp6' : 'udp4');
          socket.on('error', () => {});
          socket.unref();
        }
        socket.send(HEADER + json, address.port, address.host);
      } catch {
        // Dropped: a trace is never worth a failed request.
      }
    },
    close() {
      socket?.close();
      socket = undefined;
    },
  };
}
