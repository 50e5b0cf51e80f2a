/**
 * `freshness-postgres` and `freshness-prometheus`: how long after the API accepted a
 * decision's execution the analytics see it. The local stack runs in this process with the
 * stream pipeline (DynamoDB Local streams → replica and aggregator) and the metrics loop
 * remote-writing every `METRICS_INTERVAL_SECONDS` (2 here) to a real Prometheus. Paced
 * traffic (240 decisions, each with its execution, over 30 s) goes through the HTTP API;
 * pollers watch `ai_decisions` (every 50 ms) and `sum(aiops_requests_total)` (every 100 ms).
 *
 * Two results, not one: the targets differ (PostgreSQL p95 <= 2 s; Prometheus p95 <= the
 * export interval + 2 s) and so do the causes of a miss, so each gets its own row.
 */
import { createSqlClient } from '#adapters/postgres/sql-client';
import { startDynamoDbLocal } from '../lib/local/dynamodb-local/index.ts';
import { startPrometheus } from '../test/support/prometheus.ts';
import { sendPacedDecisions } from './support/pipeline-traffic.ts';
import { type Sighting, watchPostgres, watchPrometheus } from './support/pipeline-watch.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { nowMs, percentile, round } from './support/stats.ts';

/** Options of {@link freshness}. */
export interface FreshnessOptions {
  /** Decisions sent. @default 240 */
  readonly count?: number;
  /** Over how long. @default 30000 */
  readonly durationMs?: number;
  /** The metrics loop's export interval. @default 2 */
  readonly intervalSeconds?: number;
  /** How long to wait after the last acceptance for stragglers. @default 20000 */
  readonly graceMs?: number;
}

/**
 * p50/p95/max of the delays in seconds. A decision never seen counts with the time waited for
 * it until `stoppedMs` (a lower bound), so missing ones raise the percentiles instead of vanishing.
 */
function delays(
  accepted: readonly { id: string; acceptedMs: number }[],
  seen: Map<string, Sighting>,
  stoppedMs: number,
) {
  const values = accepted.map(
    (a) => Math.max(0, (seen.get(a.id)?.seenMs ?? stoppedMs) - a.acceptedMs) / 1000,
  );
  return {
    seen: accepted.filter((a) => seen.has(a.id)).length,
    missing: accepted.filter((a) => !seen.has(a.id)).length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}

/**
 * Runs the paced traffic once and returns both freshness results.
 * @example Object.assign(results, await freshness());
 */
export async function freshness(options: FreshnessOptions = {}): Promise<Record<string, BenchResult>> {
  const count = options.count ?? 240;
  const durationMs = options.durationMs ?? 30_000;
  const interval = options.intervalSeconds ?? 2;
  const prometheus = await startPrometheus();
  // The replica database: DATABASE_URL or an in-memory PGlite, shared with the pipeline.
  const sql = await createSqlClient(process.env);
  try {
    const { ensureMigrated } = await import('#adapters/postgres/migrations');
    await ensureMigrated(sql);
    const ddb = await startDynamoDbLocal({ port: 0 });
    const { startLocalStack } = await import('../lib/local/stack.ts');
    const stack = await startLocalStack({
      port: 0,
      dynamodbEndpoint: ddb.endpoint,
      tablePrefix: 'aiops-bench-fresh',
      pipeline: true,
      replicaDatabase: async () => sql,
      env: {
        METRICS_INTERVAL_SECONDS: String(interval),
        PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
      },
    }).catch(async (e) => {
      await ddb.stop();
      throw e;
    });
    try {
      const watched = new Set<string>();
      const accepted: string[] = [];
      const pg = watchPostgres(sql, watched);
      const prom = watchPrometheus(prometheus, () => accepted);
      const traffic = await sendPacedDecisions(stack.url, stack.apiKey, {
        count,
        durationMs,
        onSent: (id) => watched.add(id),
        onAccepted: (id) => accepted.push(id),
      });
      const deadline = nowMs() + (options.graceMs ?? 20_000);
      const done = () => pg.seen.size >= traffic.accepted.length && prom.seen.size >= traffic.accepted.length;
      while (!done() && nowMs() < deadline) await new Promise((r) => setTimeout(r, 100));
      await Promise.all([pg.stop(), prom.stop()]);
      const stoppedMs = nowMs();
      const postgres = delays(traffic.accepted, pg.seen, stoppedMs);
      const metrics = delays(traffic.accepted, prom.seen, stoppedMs);
      const dbClock = traffic.accepted.flatMap((a) => {
        const at = pg.seen.get(a.id)?.updatedAtMs;
        return at === undefined ? [] : [(at - a.acceptedWallMs) / 1000];
      });
      const common = {
        decisions: count,
        accepted: traffic.accepted.length,
        failures: traffic.failures,
        ...(traffic.firstFailure ? { firstFailure: traffic.firstFailure } : {}),
        paceMs: round(durationMs / count, 1),
        database: process.env.DATABASE_URL ? 'postgres (DATABASE_URL)' : 'pglite',
        deadLetters: (await stack.pipeline?.deadLetters.list())?.length ?? 0,
      };
      const pgTarget = 2;
      const promTarget = interval + 2;
      const incomplete = (x: { missing: number }) =>
        x.missing > 0 ? `, ${x.missing} never seen (counted at the time waited)` : '';
      return {
        'freshness-postgres': benchResult(
          round(postgres.p95 / pgTarget),
          1,
          '<=',
          `p50/p95/max ${postgres.p50}/${postgres.p95}/${postgres.max} s vs target p95 ${pgTarget} s${incomplete(postgres)}`,
          {
            ...common,
            seconds: postgres,
            pollMs: 50,
            updatedAtMinusAccepted: {
              p50: round(percentile(dbClock, 50)),
              p95: round(percentile(dbClock, 95)),
            },
          },
        ),
        'freshness-prometheus': benchResult(
          round(metrics.p95 / promTarget),
          1,
          '<=',
          `p50/p95/max ${metrics.p50}/${metrics.p95}/${metrics.max} s vs target p95 ${promTarget} s (interval ${interval} s + 2 s)${incomplete(metrics)}`,
          { ...common, seconds: metrics, pollMs: 100, intervalSeconds: interval, queryErrors: prom.errors() },
        ),
      };
    } finally {
      await stack.stop();
      await ddb.stop();
    }
  } finally {
    await prometheus.stop();
    await sql.close();
  }
}
