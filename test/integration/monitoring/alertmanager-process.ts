/**
 * `/usr/bin/prometheus-alertmanager` (and `amtool`) run on a configuration given as files,
 * for the test of AMP's alert manager definition. Missing binary: skipped with the reason,
 * or failing under `REQUIRE_PROMETHEUS` (CI installs `prometheus-alertmanager`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe } from 'vitest';

export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
export const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

/** `describe` that runs when Alertmanager and amtool are installed (required under `REQUIRE_PROMETHEUS`). */
export function describeWithAlertmanagerTools(name: string, body: () => void): void {
  const missing = [ALERTMANAGER_BIN, AMTOOL_BIN].filter((b) => !existsSync(b));
  if (missing.length > 0 && process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${missing.join(', ')} missing: apt-get install prometheus-alertmanager`,
    );
  }
  const title = missing.length ? `${name} (skipped: ${missing.join(', ')} missing)` : name;
  describe.skipIf(missing.length > 0)(title, body);
}

/** Writes the files (name → text) to a new temporary directory; returns its path. */
export async function writeConfigDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'amp-alertmanager-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** `amtool check-config <file>`: resolves with its output, rejects with it when the config is invalid. */
export async function amtoolCheckConfig(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(AMTOOL_BIN, ['check-config', file]);
  return stdout;
}

/** A running Alertmanager. */
export interface AlertmanagerProcess {
  readonly url: string;
  /** Posts alerts to `/api/v2/alerts`. */
  post(alerts: readonly Record<string, unknown>[]): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts Alertmanager on `<dir>/alertmanager.yml` and waits until its API answers (30 s at most). */
export async function startAlertmanagerProcess(dir: string): Promise<AlertmanagerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/api/v2/status`).then(
      async (r) => r.ok && (await r.text()).includes('"versionInfo"'),
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alertmanager not ready at ${url}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok) throw new Error(`POST /api/v2/alerts: ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
