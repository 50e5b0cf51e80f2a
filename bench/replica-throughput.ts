/**
 * `replica-throughput`: rows per second through the replica's version-guarded upsert
 * (`upsertDecisions`, batches of 100 as the stream mapping delivers them) against a bare
 * multi-row INSERT of equal rows into an identical empty table of the same database.
 * Ratio = upsert rate / bare rate, target >= 0.7. PGlite always; the machine's PostgreSQL too
 * when `DATABASE_URL` is set (the ratio is the worse of the two). As details: the whole
 * replica handler fed stream events, against the upsert in rounds of its own.
 */
import { sqlTargets } from '../test/support/postgres.ts';
import { measureRowRounds, type RowRate } from './support/pipeline-rounds.ts';
import {
  bareInsertSide,
  replicaBenchDatabase,
  replicaHandlerSide,
  upsertSide,
} from './support/pipeline-sql.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { round } from './support/stats.ts';

/** Options of {@link replicaThroughput}. */
export interface ReplicaThroughputOptions {
  /** Timed rounds of 100 rows per side (100 gives 10,000 rows each). @default 100 */
  readonly rounds?: number;
  /** Timed rounds of the handler-vs-upsert detail. @default 50 */
  readonly handlerRounds?: number;
}

/** The figures of one database. */
interface TargetFigures {
  readonly ratio: number;
  /** bare p50 / upsert p50 per batch: the same comparison, insensitive to a few stalled batches. */
  readonly p50Ratio: number;
  readonly upsert: RowRate;
  readonly bare: RowRate;
  readonly handler: { readonly ratioToUpsert: number; readonly handler: RowRate; readonly upsert: RowRate };
}

async function measureTarget(target: 'pglite' | 'postgres', rounds: number, handlerRounds: number) {
  const db = await replicaBenchDatabase(target);
  try {
    const main = await measureRowRounds([upsertSide(db.client), bareInsertSide(db.client)], {
      rounds,
      warmupRounds: 3,
      batchSize: 100,
    });
    // Separate rounds: the handler writes ai_decisions too, which would grow the upsert's table only.
    const viaHandler = await measureRowRounds([await replicaHandlerSide(db.client), upsertSide(db.client)], {
      rounds: handlerRounds,
      warmupRounds: 2,
      batchSize: 100,
    });
    const upsert = main.upsertDecisions as RowRate;
    const bare = main['bare INSERT'] as RowRate;
    const h = viaHandler['replica handler'] as RowRate;
    const u = viaHandler.upsertDecisions as RowRate;
    const figures: TargetFigures = {
      ratio: round(upsert.perSecond / bare.perSecond),
      p50Ratio: round(bare.batchMs.p50 / upsert.batchMs.p50),
      upsert,
      bare,
      handler: { ratioToUpsert: round(h.perSecond / u.perSecond), handler: h, upsert: u },
    };
    return figures;
  } finally {
    await db.close();
  }
}

/**
 * Measures the replica write path on every available database.
 * @example const result = await replicaThroughput({ rounds: 60 });
 */
export async function replicaThroughput(options: ReplicaThroughputOptions = {}): Promise<BenchResult> {
  const targets: Record<string, TargetFigures> = {};
  for (const target of sqlTargets()) {
    targets[target] = await measureTarget(target, options.rounds ?? 100, options.handlerRounds ?? 50);
  }
  const [worstName, worst] = Object.entries(targets).sort((a, b) => a[1].ratio - b[1].ratio)[0] as [
    string,
    TargetFigures,
  ];
  const summary = Object.entries(targets)
    .map(([name, t]) => `${name}: upsert ${t.upsert.perSecond}/s vs bare INSERT ${t.bare.perSecond}/s`)
    .join('; ');
  return benchResult(worst.ratio, 0.7, '>=', summary, { worstTarget: worstName, batchSize: 100, targets });
}
