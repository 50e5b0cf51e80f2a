/**
 * A real Prometheus for one test file: `/usr/bin/prometheus` (Debian package `prometheus`) on
 * a free loopback port, a temporary TSDB, the remote write receiver on, and optionally a
 * scrape job. Missing binary: the tests are skipped with the reason in their name, or fail
 * when `REQUIRE_PROMETHEUS` is set (CI).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseValue } from '#lib/dashboards-render/prometheus-api';
import {
  binaryAvailable,
  describeWithBinary,
  type ServerBinary,
  startServerProcess,
} from './server-process.ts';

/** The Prometheus binary: `PROMETHEUS_BIN` or the Debian package's path. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

const binary: ServerBinary = { bin: PROMETHEUS_BIN, debianPackage: 'prometheus', envVar: 'PROMETHEUS_BIN' };

/**
 * Whether the binary is there. Throws when it is not and `REQUIRE_PROMETHEUS` is set, so CI
 * never skips these tests silently.
 */
export const prometheusAvailable = (): boolean => binaryAvailable(binary);

/**
 * `describe` that runs only when Prometheus is installed; otherwise the suite is skipped
 * and its name says why.
 *
 * @example
 * describeWithPrometheus('remote write', () => { ... });
 */
export const describeWithPrometheus = (name: string, body: () => void): void =>
  describeWithBinary(binary, name, body);

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
  const { url, stop } = await startServerProcess({
    binary,
    name: 'prometheus',
    dir,
    args: (port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, `data-${port}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
    readyMarker: 'Prometheus',
  });
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
    stop,
  };
}
