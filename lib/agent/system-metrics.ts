import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';

/** Round to one decimal and keep inside 0..100 (the contract's range). */
export const percent = (value: number): number => Math.min(100, Math.max(0, Math.round(value * 10) / 10));

interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * CPU use since the previous call (the first call: since the sampler was made), from the
 * kernel's per-CPU time counters (`/proc/stat` on Linux, via `os.cpus()`).
 * @example const cpu = cpuSampler(); await sleep(10_000); cpu() // 12.5
 */
export function cpuSampler(): () => number {
  let last = cpuTimes();
  return () => {
    const now = cpuTimes();
    const total = now.total - last.total;
    const busy = now.busy - last.busy;
    last = now;
    return total > 0 ? percent((busy / total) * 100) : 0;
  };
}

/**
 * Memory in use: `MemTotal - MemAvailable` from `/proc/meminfo` (what the kernel could give
 * a new program without swapping), else total minus free memory.
 */
export async function memoryPercent(meminfo = '/proc/meminfo'): Promise<number> {
  try {
    const text = await readFile(meminfo, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1]);
    const total = kb('MemTotal');
    const available = kb('MemAvailable');
    if (total > 0 && Number.isFinite(available)) return percent(((total - available) / total) * 100);
  } catch {
    // not Linux: fall through
  }
  return percent(((totalmem() - freemem()) / totalmem()) * 100);
}

/**
 * Disk use of the file system holding `path`, as `df` shows it: used / (used + available to
 * unprivileged users).
 * @throws Error when the path does not exist
 */
export async function diskPercent(path: string): Promise<number> {
  const s = await statfs(path);
  const used = s.blocks - s.bfree;
  const size = used + s.bavail;
  return size > 0 ? percent((used / size) * 100) : 0;
}
