/**
 * Reaching this machine as another host on its network would: through an IPv4 address of one
 * of its interfaces other than loopback. A server listening on the wildcard address answers
 * there; one listening on 127.0.0.1 does not.
 */
import { execFile } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An address of this machine that is not loopback, and how to give it back. */
export interface LanAddress {
  readonly address: string;
  /** Where it came from: an interface of the machine, or a veth pair made for the test. */
  readonly source: string;
  release(): Promise<void>;
}

/**
 * The first IPv4 address of a non-loopback interface; on a machine with none (or with
 * `AIOPS_TEST_LAN=veth`), an address on a veth pair whose other end is in a network namespace
 * made for the test (needs root and `ip`), removed by `release()`.
 * @example const lan = await lanAddress(); await accepts(lan.address, port); await lan.release();
 */
export async function lanAddress(): Promise<LanAddress> {
  const found = Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => ({ name, ...i })),
  )[0];
  if (found && process.env.AIOPS_TEST_LAN !== 'veth') {
    return { address: found.address, source: `interface ${found.name}`, release: async () => undefined };
  }
  return vethAddress();
}

/** 198.51.100.0/24 is TEST-NET-2 (RFC 5737): never anyone's real address. */
async function vethAddress(): Promise<LanAddress> {
  const tag = `aiops${process.pid % 100_000}`;
  const ns = `${tag}-ns`;
  const ip = (...args: string[]) => run('ip', args);
  await ip('netns', 'add', ns);
  const release = async () => {
    await ip('netns', 'del', ns).catch(() => undefined);
  };
  try {
    await ip('link', 'add', `${tag}h`, 'type', 'veth', 'peer', 'name', `${tag}p`, 'netns', ns);
    await ip('addr', 'add', '198.51.100.1/30', 'dev', `${tag}h`);
    await ip('link', 'set', `${tag}h`, 'up');
    await ip('netns', 'exec', ns, 'ip', 'addr', 'add', '198.51.100.2/30', 'dev', `${tag}p`);
    await ip('netns', 'exec', ns, 'ip', 'link', 'set', `${tag}p`, 'up');
  } catch (e) {
    await release();
    throw new Error(
      `this machine has no address but loopback, and a veth pair could not be made (root and iproute2 needed): ${(e as Error).message}`,
    );
  }
  return { address: '198.51.100.1', source: `veth ${tag}h (peer in netns ${ns})`, release };
}

/**
 * Whether a TCP connection to `host:port` is accepted; false when refused or not answered in time.
 * @example await accepts('192.0.2.2', 8000); // false for a server on 127.0.0.1
 */
export function accepts(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A server on the wildcard address: the control that shows `accepts(lan.address, …)` reaches
 * this machine's listeners at all.
 * @example const control = await wildcardServer(); await accepts(lan.address, control.port); // true
 */
export async function wildcardServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
