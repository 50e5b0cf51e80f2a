/**
 * `training-export`: `aiops-obs export training`'s engine (`exportTraining`: a server-side
 * cursor fetched through node-postgres, one JSONL line per example) against `COPY (<the same SELECT>) TO
 * STDOUT` through pg-copy-streams, on 1,000,000 rows generated in the machine's PostgreSQL
 * (`DATABASE_URL`). Each run is a child process of its own, so its peak RSS is its own;
 * sides alternate, the median run counts. Ratio = export rows/s / COPY rows/s, target >= 0.5.
 * Memory is flat when the export's peak RSS (sampled after every page) over the second half
 * of the rows stays within 32 MB of its peak over the first half.
 */
import type { TrainingFilters } from '#domain/analytics/training-export';
import { forkChild } from './support/fork-child.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { median, round } from './support/stats.ts';
import type { ChildAnswer, ChildRequest } from './support/training-export-child.ts';
import { fillTrainingRows } from './support/training-rows.ts';

/** Options of {@link trainingExport}. */
export interface TrainingExportBenchOptions {
  /** Rows generated. @default 1_000_000 */
  readonly rows?: number;
  /** Timed runs per side. @default 3 */
  readonly rounds?: number;
}

const MB = 1024 * 1024;
const FLAT_MARGIN_BYTES = 32 * MB;

function runChild(request: ChildRequest): Promise<ChildAnswer> {
  return forkChild(
    new URL('./support/training-export-child.ts', import.meta.url),
    { BENCH_TRAINING_EXPORT: JSON.stringify(request) },
    `training-export ${request.side} run`,
  );
}

const rate = (a: ChildAnswer) => a.rows / a.seconds;
const mb = (bytes: number) => round(bytes / MB, 1);

/** The figures of one side over its runs. */
function side(runs: readonly ChildAnswer[]) {
  return {
    rows: runs[0]?.rows ?? 0,
    perSecond: Math.round(median(runs.map(rate))),
    seconds: runs.map((r) => round(r.seconds, 2)),
    peakRssMb: mb(Math.max(...runs.map((r) => r.peakRssBytes))),
    startRssMb: mb(median(runs.map((r) => r.startRssBytes))),
    outputMb: mb(runs[0]?.bytes ?? 0),
  };
}

/**
 * Measures the export against COPY on the machine's PostgreSQL; without DATABASE_URL it
 * reports itself skipped (ratio 0).
 * @example const result = await trainingExport({ rows: 200_000, rounds: 2 });
 */
export async function trainingExport(options: TrainingExportBenchOptions = {}): Promise<BenchResult> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl)
    return benchResult(0, 0.5, '>=', 'skipped: set DATABASE_URL (the machine PostgreSQL)', { skipped: true });
  const rows = options.rows ?? 1_000_000;
  const rounds = options.rounds ?? 3;
  const db = await fillTrainingRows(baseUrl, rows);
  try {
    const all: TrainingFilters = {};
    await runChild({ side: 'copy', url: db.url, filters: all }); // warm the cache for both sides
    const exports: ChildAnswer[] = [];
    const copies: ChildAnswer[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const order = i % 2 === 0 ? (['export', 'copy'] as const) : (['copy', 'export'] as const);
      for (const s of order)
        (s === 'export' ? exports : copies).push(await runChild({ side: s, url: db.url, filters: all }));
    }
    const exported = side(exports);
    const copied = side(copies);
    // Flat: the second half of the rows needs no more memory than the first (a cost per row
    // would show there); GC makes single samples jump, hence the margin.
    const halves = exports.map((r) => [r.firstHalfPeakRssBytes ?? 0, r.secondHalfPeakRssBytes ?? 0] as const);
    const growth = Math.max(...halves.map(([first, second]) => second - first));
    const memoryFlat = growth <= FLAT_MARGIN_BYTES;
    const ratio = round(exported.perSecond / copied.perSecond);
    const [first, second] = halves[0] ?? [0, 0];
    return benchResult(
      ratio,
      0.5,
      '>=',
      `export ${exported.perSecond}/s vs COPY ${copied.perSecond}/s (${exported.rows} examples from ${rows} rows); ` +
        `peak RSS export ${exported.peakRssMb} MB (first/second half of the rows ${mb(first)}/${mb(second)} MB: ` +
        `${memoryFlat ? 'flat' : 'NOT flat'}), COPY ${copied.peakRssMb} MB`,
      {
        rows,
        fillSeconds: round(db.fillSeconds, 1),
        export: { ...exported, halvesPeakRssMb: halves.map(([a, b]) => [mb(a), mb(b)]) },
        copy: copied,
        memoryGrowthMb: mb(growth),
        memoryFlat,
      },
    );
  } finally {
    await db.drop();
  }
}
