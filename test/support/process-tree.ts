/**
 * A process and what it started, as Linux's /proc shows them: descendants, whether one still
 * runs, and the TCP sockets they listen on.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** What /proc/<pid>/stat says of a process. */
interface ProcessEntry {
  readonly ppid: number;
  readonly state: string;
  /** Clock ticks after boot when it started: with the pid, who it is (pids are reused). */
  readonly startTime: string;
}

/** pid → ppid, state and start time of every process, from /proc/<pid>/stat. */
async function processTable(): Promise<Map<number, ProcessEntry>> {
  const table = new Map<number, ProcessEntry>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields?.[1])
      table.set(Number(entry), {
        state: fields[0] ?? '',
        ppid: Number(fields[1]),
        startTime: fields[19] ?? '',
      });
  }
  return table;
}

/**
 * The pids of every process below `pid` (children, their children, …).
 * @example const tree = [npm.pid, ...(await descendants(npm.pid))];
 */
export async function descendants(pid: number): Promise<number[]> {
  const table = await processTable();
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, { ppid }] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Processes as they were when taken: pid → start time. */
export type ProcessSnapshot = ReadonlyMap<number, string>;

/**
 * Takes note of processes, so that {@link running} later tells them from a new process that
 * was given the same pid.
 * @example const java = await snapshot([pid]);
 */
export async function snapshot(pids: readonly number[]): Promise<ProcessSnapshot> {
  const table = await processTable();
  return new Map(pids.flatMap((pid) => (table.has(pid) ? [[pid, table.get(pid)?.startTime as string]] : [])));
}

/**
 * The processes of a snapshot still running (a zombie, exited but not yet reaped, is not).
 * @example expect(await running(java)).toEqual([]);
 */
export async function running(processes: ProcessSnapshot): Promise<number[]> {
  const table = await processTable();
  return [...processes].flatMap(([pid, startTime]) => {
    const p = table.get(pid);
    return p && p.startTime === startTime && p.state !== 'Z' && p.state !== 'X' ? [pid] : [];
  });
}

/**
 * Sends SIGKILL to the processes of a snapshot that still run (and to no other process that
 * was given one of their pids since).
 * @example await killLeft(await snapshot(tree));
 */
export async function killLeft(processes: ProcessSnapshot): Promise<void> {
  for (const pid of await running(processes)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

/** The command line of a process, for messages. */
export async function commandOf(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim().slice(0, 160);
}

/** A TCP socket in LISTEN state. */
export interface ListeningSocket {
  readonly pid: number;
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`, … */
  readonly address: string;
  readonly port: number;
}

const ipv4 = (hex: string): string =>
  (hex.match(/../g) ?? [])
    .reverse()
    .map((b) => Number.parseInt(b, 16))
    .join('.');

/** /proc/net/tcp6 holds the address as four 32-bit words, each in host (little-endian) order. */
const ipv6 = (hex: string): string => {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse());
  const groups = (bytes.join('').match(/.{4}/g) ?? []).map((g) => Number.parseInt(g, 16).toString(16));
  const text = groups.join(':');
  if (text.startsWith('0:0:0:0:0:ffff:')) {
    const v4 = bytes.slice(12).map((b) => Number.parseInt(b, 16));
    return `::ffff:${v4.join('.')}`;
  }
  return text === '0:0:0:0:0:0:0:0' ? '::' : text === '0:0:0:0:0:0:0:1' ? '::1' : text;
};

/**
 * Every TCP socket the given processes listen on, with its address.
 * @example await listeningSockets([node, java]); // [{ pid, address: '127.0.0.1', port: 3000 }, …]
 */
export async function listeningSockets(pids: readonly number[]): Promise<ListeningSocket[]> {
  const byInode = new Map<string, { address: string; port: number }>();
  for (const [file, decode] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const [hexAddress, hexPort] = (cols[1] ?? '').split(':');
      if (cols[3] !== '0A' || !hexAddress || !hexPort) continue;
      byInode.set(cols[9] as string, { address: decode(hexAddress), port: Number.parseInt(hexPort, 16) });
    }
  }
  const found: ListeningSocket[] = [];
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode ? byInode.get(inode) : undefined;
      if (socket) found.push({ pid, ...socket });
    }
  }
  return found;
}

/** Whether an address is loopback: 127.0.0.0/8, ::1 or an IPv4-mapped 127.x.y.z. */
export const isLoopbackAddress = (address: string): boolean =>
  address === '::1' || /^(::ffff:)?127\./.test(address);
