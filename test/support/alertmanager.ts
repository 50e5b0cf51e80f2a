/**
 * A real Alertmanager for one test file: `/usr/bin/prometheus-alertmanager` (Debian package
 * `prometheus-alertmanager`) on a free loopback port, clustering off, state in a temporary
 * directory, one route to one webhook receiver with short group timings. Missing binary: the
 * tests are skipped with the reason in their name, or fail when `REQUIRE_PROMETHEUS` is set (CI).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithBinary, type ServerBinary, startServerProcess } from './server-process.ts';

/** The Alertmanager binary: `ALERTMANAGER_BIN` or the Debian package's path. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** The Alertmanager binary and its package, for the availability checks. */
export const alertmanagerBinary: ServerBinary = {
  bin: ALERTMANAGER_BIN,
  debianPackage: 'prometheus-alertmanager',
  envVar: 'ALERTMANAGER_BIN',
};

/**
 * `describe` that runs only when Alertmanager is installed; otherwise the suite is skipped
 * and its name says why.
 * @example describeWithAlertmanager('alert fan-out', () => { ... });
 */
export const describeWithAlertmanager = (name: string, body: () => void): void =>
  describeWithBinary(alertmanagerBinary, name, body);

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

/**
 * Starts Alertmanager and waits until its API answers (up to 30 s).
 * @example
 * const alertmanager = await startAlertmanager({ webhookUrl: alerts.alertmanagerWebhookUrl });
 * afterAll(() => alertmanager.stop());
 */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<RunningAlertmanager> {
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
  return startAlertmanagerIn(await writeConfigDir({ 'alertmanager.yml': JSON.stringify(config, null, 2) }));
}

/**
 * Starts Alertmanager on `<dir>/alertmanager.yml` (with whatever templates lie beside it) on
 * a free port, trying another port when one is taken; `stop()` removes the directory.
 * @example const am = await startAlertmanagerIn(await writeConfigDir({ 'alertmanager.yml': yaml }));
 */
export async function startAlertmanagerIn(dir: string): Promise<RunningAlertmanager> {
  const { url, port, stop } = await startServerProcess({
    binary: alertmanagerBinary,
    name: 'alertmanager',
    dir,
    args: (port) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, `data-${port}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    readyPath: '/api/v2/status',
    readyMarker: '"versionInfo"',
  });
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
    stop,
  };
}

/** Writes the files (name → text) to a new temporary directory; returns its path. */
export async function writeConfigDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alertmanager-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
