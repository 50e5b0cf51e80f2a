/**
 * Child process of `training-export`: one side in a process of its own, so its peak RSS is
 * its own. `export` runs `exportTraining` (a cursor fetched through node-postgres, JSONL lines);
 * `copy` runs `COPY (<the same rows>) TO STDOUT` through pg-copy-streams. Both write to
 * /dev/null and send rows, seconds and memory to the parent over IPC.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { PgSqlClient } from '#adapters/postgres/pg-client';
import { type TrainingFilters, trainingRowsQuery } from '#domain/analytics/training-export';
import { exportTraining } from '../../lib/analytics/export-training.ts';

/** What the parent asks for. */
export interface ChildRequest {
  readonly side: 'export' | 'copy';
  readonly url: string;
  readonly filters: TrainingFilters;
}

/** What the child answers. */
export interface ChildAnswer {
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Peak resident set size of the whole process, bytes. */
  readonly peakRssBytes: number;
  /** Resident set size before the run (modules loaded), bytes. */
  readonly startRssBytes: number;
  /** Export only: the highest RSS sampled (after each page) over the first half of the rows, bytes. */
  readonly firstHalfPeakRssBytes?: number;
  /** Export only: the same over the second half: no higher when memory does not grow with rows. */
  readonly secondHalfPeakRssBytes?: number;
}

/** RSS after each page: (examples written, bytes). */
const samples: [number, number][] = [];

async function runExport(req: ChildRequest): Promise<{ rows: number; bytes: number }> {
  const db = new PgSqlClient({ connectionString: req.url, max: 1 });
  const out = createWriteStream('/dev/null');
  try {
    const r = await exportTraining(db, out, {
      filters: req.filters,
      onProgress: (n) => samples.push([n, process.memoryUsage.rss()]),
    });
    return { rows: r.examples, bytes: r.bytes };
  } finally {
    out.end();
    await db.close();
  }
}

async function runCopy(req: ChildRequest): Promise<{ rows: number; bytes: number }> {
  const { sql, params } = trainingRowsQuery(req.filters);
  if (params.length > 0) throw new Error('copy side: filters with parameters are not supported');
  const client = new pg.Client({ connectionString: req.url });
  await client.connect();
  let rows = 0;
  let bytes = 0;
  try {
    const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
    });
    await pipeline(stream, createWriteStream('/dev/null'));
    return { rows, bytes };
  } finally {
    await client.end();
  }
}

const req = JSON.parse(process.env.BENCH_TRAINING_EXPORT ?? '{}') as ChildRequest;
const startRssBytes = process.memoryUsage.rss();
const started = performance.now();
const result = req.side === 'export' ? await runExport(req) : await runCopy(req);
const half = (first: boolean) =>
  Math.max(0, ...samples.filter(([n]) => n <= result.rows / 2 === first).map(([, rss]) => rss));
const answer: ChildAnswer = {
  ...result,
  ...(samples.length > 1 ? { firstHalfPeakRssBytes: half(true), secondHalfPeakRssBytes: half(false) } : {}),
  seconds: (performance.now() - started) / 1000,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  startRssBytes,
};
process.send?.(answer, () => process.exit(0));
