/**
 * `npm start` run the way a person, a service manager or a CI script runs it: the README's
 * command in a working directory of its own (the stack writes `.aiops/` there), with the
 * environment of a shell that has none of the test run's settings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually.ts';
import { descendants, killLeft, type ProcessSnapshot, snapshot } from './process-tree.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Settings the test run or CI may have that a person starting the stack would not. */
const NOT_A_USERS =
  /^(POWERTOOLS_|AIOPS_|VITEST|DATABASE_URL$|MQTT_URL$|ALERTS_PORT$|PROMETHEUS_|METRICS_|TABLE_PREFIX$|AWS_)/;

/** What the banner of a started stack says. */
export interface Banner {
  readonly api: string;
  readonly apiKey: string;
  readonly dynamodb: string;
  readonly replica?: string;
  readonly mqtt?: string;
  readonly alerts?: string;
}

/** A running (or stopping) `npm start`. */
export interface NpmStart {
  readonly npm: ChildProcess;
  /** Its working directory. */
  readonly cwd: string;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with npm's exit code (or signal) once it exits. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Waits for the banner; rejects with the output when npm exits first. */
  up(timeoutMs?: number): Promise<Banner>;
  /** npm and every process below it, as seen now. */
  tree(): Promise<ProcessSnapshot>;
  /** Kills whatever of the processes it ever started is left, and removes its directory. */
  cleanUp(): Promise<void>;
}

const bannerValue = (text: string, label: string) =>
  new RegExp(`^ {2}${label}:\\s+(\\S+)`, 'm').exec(text)?.[1]?.replace(/^'|'$/g, '');

/**
 * Runs `npm start -- <args>` in a new directory that links the repository's files, in a
 * process group of its own (so a signal to it reaches npm alone, as from systemd or `timeout`).
 * @example
 * const run = await npmStart(['--port', '0', '--mqtt-port', '0']);
 * const banner = await run.up();
 */
export async function npmStart(args: readonly string[]): Promise<NpmStart> {
  const cwd = await mkdtemp(join(tmpdir(), 'aiops-npm-start-'));
  for (const entry of await readdir(ROOT)) {
    if (entry !== '.aiops' && entry !== '.git') await symlink(join(ROOT, entry), join(cwd, entry));
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_A_USERS.test(k)));
  const npm = spawn('npm', ['start', '--', ...args], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  npm.stdout?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  npm.stderr?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    npm.once('exit', (code, signal) => resolve(code ?? (signal as NodeJS.Signals))),
  );
  let status: number | NodeJS.Signals | undefined;
  void exited.then((s) => {
    status = s;
  });
  const seen = new Map<number, string>();
  const tree = async () => {
    const now = await snapshot(npm.pid === undefined ? [] : [npm.pid, ...(await descendants(npm.pid))]);
    for (const [pid, startTime] of now) seen.set(pid, startTime);
    return now;
  };
  return {
    npm,
    cwd,
    output: () => text,
    exited,
    tree,
    up: async (timeoutMs = 120_000) => {
      await eventually(
        async () => {
          if (status !== undefined)
            throw new Error(`npm start exited (${status}) before the banner:\n${text}`);
          return /^ {2}stop:/m.test(text) ? true : undefined;
        },
        timeoutMs,
        'the banner',
        { timeoutMessage: () => `no banner within ${timeoutMs} ms:\n${text}` },
      );
      await tree();
      const replica = /^ {2}replica:\s+psql '([^']+)'/m.exec(text)?.[1];
      const mqtt = bannerValue(text, 'MQTT');
      const alerts = bannerValue(text, 'alerts');
      return {
        api: bannerValue(text, 'API') as string,
        apiKey: bannerValue(text, 'API key') as string,
        dynamodb: bannerValue(text, 'DynamoDB') as string,
        ...(replica ? { replica } : {}),
        ...(mqtt ? { mqtt } : {}),
        ...(alerts ? { alerts } : {}),
      };
    },
    cleanUp: async () => {
      await tree().catch(() => undefined);
      await killLeft(seen);
      await rm(cwd, { recursive: true, force: true });
    },
  };
}
