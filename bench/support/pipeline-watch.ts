/**
 * The observers of `freshness`: when each decision's row (with its execution) shows up in
 * PostgreSQL, and when Prometheus's `sum(aiops_requests_total)` first counts it.
 */
import type { SqlClient } from '#adapters/postgres/sql-client';
import type { RunningPrometheus } from '../../test/support/prometheus.ts';
import { nowMs } from './stats.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When a decision was first seen: monotonic ms (and, for PostgreSQL, the row's `updated_at`). */
export interface Sighting {
  readonly seenMs: number;
  readonly updatedAtMs?: number;
}

/** A poller running until every expected decision was seen or `stop()` was called. */
export interface Watcher {
  /** Decisions seen so far, by id (PostgreSQL) or by count position (Prometheus). */
  readonly seen: Map<string, Sighting>;
  /** Resolves once the poller has stopped. */
  stop(): Promise<void>;
}

/**
 * Polls `ai_decisions` every `everyMs` for the ids in `watched` not seen yet (in batches of
 * 500), recording the poll's start time for each row that now carries its execution status.
 * @example const pg = watchPostgres(sql, ids); ... await pg.stop();
 */
export function watchPostgres(client: SqlClient, watched: ReadonlySet<string>, everyMs = 50): Watcher {
  const seen = new Map<string, Sighting>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const pending = [...watched].filter((id) => !seen.has(id));
      for (let i = 0; i < pending.length; i += 500) {
        const polledMs = nowMs();
        const { rows } = await client.query<{ id: string; updated_at: Date | string }>(
          `SELECT id::text AS id, updated_at FROM ai_decisions
           WHERE id = ANY($1::uuid[]) AND execution_status IS NOT NULL`,
          [pending.slice(i, i + 500)],
        );
        for (const r of rows)
          seen.set(r.id, { seenMs: polledMs, updatedAtMs: new Date(r.updated_at).getTime() });
      }
      await sleep(everyMs);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Polls `sum(aiops_requests_total)` every `everyMs`. Labels are bounded (action, status), so a
 * single decision cannot be told apart: when the total reaches `n`, the first `n` decisions in
 * acceptance order (`order()`) count as seen at that poll.
 * @example const prom = watchPrometheus(prometheus, () => accepted.map((a) => a.id));
 */
export function watchPrometheus(
  prometheus: RunningPrometheus,
  order: () => readonly string[],
  everyMs = 100,
): Watcher & { readonly errors: () => number } {
  const seen = new Map<string, Sighting>();
  let running = true;
  let errors = 0;
  const loop = (async () => {
    while (running) {
      const polledMs = nowMs();
      try {
        const [sample] = await prometheus.query('sum(aiops_requests_total)');
        const ids = order();
        const total = Math.min(sample?.value ?? 0, ids.length);
        for (let k = seen.size; k < total; k++) seen.set(ids[k] as string, { seenMs: polledMs });
      } catch {
        errors++;
      }
      await sleep(everyMs);
    }
  })();
  return {
    seen,
    errors: () => errors,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
