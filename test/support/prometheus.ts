/**
 * A real Prometheus for one test file: `/usr/bin/prometheus` (Debian package `prometheus`) on
 * a free loopback port, a temporary TSDB, the remote write receiver on, and optionally a
 * scrape job. Missing binary: the tests are skipped with the reason in their name, or fail
 * when `REQUIRE_PROMETHEUS` is set (CI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';

/** The Prometheus binary: `PROMETHEUS_BIN` or the Debian package's path. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/**
 * Whether the binary is there. Throws when it is not and `REQUIRE_PROMETHEUS` is set, so CI
 * never skips these tests silently.
 */
export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS_BIN)) return true;
  if (process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${PROMETHEUS_BIN} does not exist: apt-get install prometheus (or set PROMETHEUS_BIN)`,
    );
  }
  return false;
}

/**
 * `describe` that runs only when Prometheus is installed; otherwise the suite is skipped
 * and its name says why.
 *
 * @example
 * describeWithPrometheus('remote write', () => { ... });
 */
export function describeWithPrometheus(name: string, body: () => void): void {
  const available = prometheusAvailable();
  const title = available ? name : `${name} (skipped: ${PROMETHEUS_BIN} missing, apt-get install prometheus)`;
  describe.skipIf(!available)(title, body);
}

/** One instant-vector element of a query result. */
export interface VectorSample {
  readonly metric: Record<string, string>;
  /** The value as a number (`+Inf`, `NaN` parsed). */
  readonly value: number;
  readonly timestampMs: number;
}

/** One range-vector element of a query_range result. */
export interface MatrixSeries {
  readonly metric: Record<string, string>;
  readonly values: { value: number; timestampMs: number }[];
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The remote write receiver: `<url>/api/v1/write`. */
  readonly remoteWriteUrl: string;
  /** Instant query at `timeMs` (default now). */
  query(promql: string, timeMs?: number): Promise<VectorSample[]>;
  /** Range query. */
  queryRange(promql: string, startMs: number, endMs: number, stepSeconds: number): Promise<MatrixSeries[]>;
  /** GET a JSON API path (e.g. `/api/v1/metadata`) and return its `data`. */
  api<T = unknown>(path: string): Promise<T>;
  /** SIGTERM, wait for exit, remove the TSDB. */
  stop(): Promise<void>;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /**
   * `host:port` of a target to scrape at `/metrics` (job `exposition`).
   * @default no scrape job
   */
  readonly scrapeTarget?: string;
  /**
   * Scrape interval in seconds.
   * @default 1
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Rule files to load (absolute paths), evaluated every `evaluationIntervalSeconds`.
   * @default none
   */
  readonly ruleFiles?: readonly string[];
  /**
   * Rule evaluation interval in seconds.
   * @default `scrapeIntervalSeconds`
   */
  readonly evaluationIntervalSeconds?: number;
  /**
   * `host:port` of Alertmanagers to send firing and resolved alerts to.
   * @default none
   */
  readonly alertmanagers?: readonly string[];
}

const parseValue = (text: string): number =>
  text === '+Inf' ? Number.POSITIVE_INFINITY : text === '-Inf' ? Number.NEGATIVE_INFINITY : Number(text);

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
 * Starts Prometheus and waits until `/-/ready` answers 200 (up to 30 s).
 *
 * @example
 * const prometheus = await startPrometheus();
 * afterAll(() => prometheus.stop());
 * const [up] = await prometheus.query('up');
 */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-test-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const evaluation = `${options.evaluationIntervalSeconds ?? options.scrapeIntervalSeconds ?? 1}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: evaluation },
    ...(options.ruleFiles?.length ? { rule_files: [...options.ruleFiles] } : {}),
    ...(options.alertmanagers?.length
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [...options.alertmanagers] }] }] } }
      : {}),
    scrape_configs: options.scrapeTarget
      ? [
          {
            job_name: 'exposition',
            scrape_interval: interval,
            static_configs: [{ targets: [options.scrapeTarget] }],
          },
        ]
      : [],
  };
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
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

async function launch(dir: string, port: number): Promise<RunningPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, `data-${port}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
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
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    // The body check makes sure the answer comes from this Prometheus, not whoever took the port.
    const ready = await fetch(`${url}/-/ready`).then(
      async (r) => r.ok && (await r.text()).includes('Prometheus') && child.exitCode === null,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`prometheus not ready at ${url} after 30 s:\n${log}`);
    }
    await sleep(100);
  }
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const json = (await response.json()) as { status: string; data: T; error?: string };
    if (json.status !== 'success') throw new Error(`prometheus ${path}: ${json.error ?? response.status}`);
    return json.data;
  };
  return {
    url,
    remoteWriteUrl: `${url}/api/v1/write`,
    api,
    async query(promql, timeMs = Date.now()) {
      const params = new URLSearchParams({ query: promql, time: String(timeMs / 1000) });
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?${params}`,
      );
      return data.result.map(({ metric, value: [t, v] }) => ({
        metric,
        value: parseValue(v),
        timestampMs: Math.round(t * 1000),
      }));
    },
    async queryRange(promql, startMs, endMs, stepSeconds) {
      const params = new URLSearchParams({
        query: promql,
        start: String(startMs / 1000),
        end: String(endMs / 1000),
        step: String(stepSeconds),
      });
      const data = await api<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>(
        `/api/v1/query_range?${params}`,
      );
      return data.result.map(({ metric, values }) => ({
        metric,
        values: values.map(([t, v]) => ({ value: parseValue(v), timestampMs: Math.round(t * 1000) })),
      }));
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
