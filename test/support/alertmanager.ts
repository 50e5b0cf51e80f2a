/**
 * A real Alertmanager for one test file: `/usr/bin/prometheus-alertmanager` (Debian package
 * `prometheus-alertmanager`) on a free loopback port, clustering off, state in a temporary
 * directory, one route to one webhook receiver with short group timings. Missing binary: the
 * tests are skipped with the reason in their name, or fail when `REQUIRE_PROMETHEUS` is set (CI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';

/** The Alertmanager binary: `ALERTMANAGER_BIN` or the Debian package's path. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** Whether the binary is there; throws when it is not and `REQUIRE_PROMETHEUS` is set. */
export function alertmanagerAvailable(): boolean {
  if (existsSync(ALERTMANAGER_BIN)) return true;
  if (process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${ALERTMANAGER_BIN} does not exist: apt-get install prometheus-alertmanager (or set ALERTMANAGER_BIN)`,
    );
  }
  return false;
}

/**
 * `describe` that runs only when Alertmanager is installed; otherwise the suite is skipped
 * and its name says why.
 * @example describeWithAlertmanager('alert fan-out', () => { ... });
 */
export function describeWithAlertmanager(name: string, body: () => void): void {
  const available = alertmanagerAvailable();
  const title = available
    ? name
    : `${name} (skipped: ${ALERTMANAGER_BIN} missing, apt-get install prometheus-alertmanager)`;
  describe.skipIf(!available)(title, body);
}

/** Options of {@link startAlertmanager}. */
export interface StartAlertmanagerOptions {
  /** Where the only receiver POSTs (`webhook_configs.url`). */
  readonly webhookUrl: string;
  /** Labels alerts are grouped by. @default ['alertname'] */
  readonly groupBy?: readonly string[];
  /** `group_wait` and `group_interval` in seconds. @default 1 */
  readonly groupSeconds?: number;
}

/** A running Alertmanager. */
export interface RunningAlertmanager {
  /** Base URL, e.g. `http://127.0.0.1:41234` (Prometheus' `alerting.alertmanagers` target is its host). */
  readonly url: string;
  /** `host:port`, for Prometheus' static_configs. */
  readonly host: string;
  /** Posts alerts to `/api/v2/alerts`, as Prometheus does. */
  post(alerts: readonly Record<string, unknown>[]): Promise<void>;
  /** The alerts Alertmanager holds now (`GET /api/v2/alerts`). */
  alerts(): Promise<{ labels: Record<string, string>; status: { state: string } }[]>;
  /** SIGTERM, wait for exit, remove the state directory. */
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts Alertmanager and waits until its API answers (up to 30 s).
 * @example
 * const alertmanager = await startAlertmanager({ webhookUrl: alerts.alertmanagerWebhookUrl });
 * afterAll(() => alertmanager.stop());
 */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'alertmanager-test-'));
  const group = `${options.groupSeconds ?? 1}s`;
  const config = {
    route: {
      receiver: 'router',
      group_by: [...(options.groupBy ?? ['alertname'])],
      group_wait: group,
      group_interval: group,
      repeat_interval: '1h',
    },
    receivers: [{ name: 'router', webhook_configs: [{ url: options.webhookUrl, send_resolved: true }] }],
  };
  await writeFile(join(dir, 'alertmanager.yml'), JSON.stringify(config, null, 2));
  return startAlertmanagerIn(dir);
}

/**
 * Starts Alertmanager on `<dir>/alertmanager.yml` (with whatever templates lie beside it) on
 * a free port, trying another port when one is taken; `stop()` removes the directory.
 * @example const am = await startAlertmanagerIn(await writeConfigDir({ 'alertmanager.yml': yaml }));
 */
export async function startAlertmanagerIn(dir: string): Promise<RunningAlertmanager> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(dir, port);
    } catch (error) {
      if (attempt >= 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function launch(dir: string, port: number): Promise<RunningAlertmanager> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, `data-${port}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${log}`);
    // The body check makes sure the answer comes from this Alertmanager, not whoever took the port.
    const ready = await fetch(`${url}/api/v2/status`).then(
      async (r) => r.ok && (await r.text()).includes('"versionInfo"') && child.exitCode === null,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`alertmanager not ready at ${url} after 30 s:\n${log}`);
    }
    await sleep(100);
  }
  return {
    url,
    host: `127.0.0.1:${port}`,
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok) throw new Error(`POST /api/v2/alerts: ${response.status} ${await response.text()}`);
    },
    async alerts() {
      const response = await fetch(`${url}/api/v2/alerts`);
      return (await response.json()) as { labels: Record<string, string>; status: { state: string } }[];
    },
    async stop() {
      await stopChild(child, exited);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Writes the files (name → text) to a new temporary directory; returns its path. */
export async function writeConfigDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alertmanager-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
