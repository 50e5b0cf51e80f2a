/**
 * Interleaved rounds over row-writing sides: each round builds a fresh batch per side outside
 * the timed part, and the order of the sides rotates, so a growing table or GC hits all equally.
 */

import { replicaFixtures } from './pipeline-rows.ts';
import type { RowSide } from './pipeline-sql.ts';
import { nowMs, percentile, round } from './stats.ts';

/** What one side achieved over the timed rounds. */
export interface RowRate {
  readonly rows: number;
  readonly written: number;
  readonly seconds: number;
  /** Rows written per second of the side's own time. */
  readonly perSecond: number;
  /** Median and p95 time of one batch, in ms. */
  readonly batchMs: { readonly p50: number; readonly p95: number };
}

/**
 * Runs `warmupRounds` uncounted rounds, then `rounds` timed ones, of `batchSize` rows per side.
 * @example const rates = await measureRowRounds([upsert, bare], { rounds: 50, warmupRounds: 3, batchSize: 100 });
 */
export async function measureRowRounds(
  sides: readonly RowSide[],
  options: { readonly rounds: number; readonly warmupRounds: number; readonly batchSize: number },
): Promise<Record<string, RowRate>> {
  const totals = sides.map(() => ({ rows: 0, written: 0, times: [] as number[] }));
  for (let r = -options.warmupRounds; r < options.rounds; r++) {
    const offset = ((r % sides.length) + sides.length) % sides.length;
    for (let k = 0; k < sides.length; k++) {
      const i = (k + offset) % sides.length;
      const batch = replicaFixtures(options.batchSize);
      const started = nowMs();
      const written = await (sides[i] as RowSide).write(batch);
      const ms = nowMs() - started;
      if (r < 0) continue;
      const t = totals[i] as (typeof totals)[number];
      t.rows += batch.length;
      t.written += written;
      t.times.push(ms);
    }
  }
  return Object.fromEntries(
    sides.map((s, i) => {
      const t = totals[i] as (typeof totals)[number];
      const ms = t.times.reduce((a, b) => a + b, 0);
      const rate: RowRate = {
        rows: t.rows,
        written: t.written,
        seconds: round(ms / 1000),
        perSecond: round((t.written * 1000) / ms, 1),
        batchMs: { p50: round(percentile(t.times, 50), 2), p95: round(percentile(t.times, 95), 2) },
      };
      return [s.name, rate];
    }),
  );
}
