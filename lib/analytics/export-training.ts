/**
 * The fine-tuning export: reads the winning row of each `query_hash` page by page (keyset on
 * `query_hash`, one short statement per page, so memory stays flat whatever the table's
 * size) and writes one JSONL line per example, honouring the output's backpressure.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { SqlClient } from '#adapters/postgres/sql-client';
import {
  DEFAULT_SYSTEM_PROMPT,
  type TrainingFilters,
  type TrainingRow,
  trainingCountQuery,
  trainingLineWriter,
  trainingPageQuery,
} from '#domain/analytics/training-export';

/** Options of {@link exportTraining}. */
export interface TrainingExportOptions {
  readonly filters?: TrainingFilters;
  /** The system message of every example. @default DEFAULT_SYSTEM_PROMPT */
  readonly systemPrompt?: string;
  /**
   * Rows per page. Halved (down to 1) while the Data API answers that a page exceeds its
   * 1 MiB response limit. @default 2000
   */
  readonly pageSize?: number;
  /** Called after each page with the examples written so far. */
  readonly onProgress?: (written: number) => void;
}

/** What an export wrote. */
export interface TrainingExportResult {
  readonly examples: number;
  readonly bytes: number;
  readonly pages: number;
}

const TOO_LARGE = /response size limit|response too large|exceeds? .*(size|limit)/i;

/**
 * How many examples an export with these filters will write (one per distinct `query_hash`).
 * @example const total = await countTrainingExamples(sql, { thumbsUp: true });
 */
export async function countTrainingExamples(db: SqlClient, filters: TrainingFilters = {}): Promise<number> {
  const { sql, params } = trainingCountQuery(filters);
  const { rows } = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

async function page(
  db: SqlClient,
  sql: string,
  after: string,
  size: number,
  params: readonly unknown[],
): Promise<{ rows: TrainingRow[]; size: number }> {
  for (let n = size; ; n = Math.max(1, Math.floor(n / 2))) {
    try {
      return { rows: (await db.query<TrainingRow>(sql, [after, n, ...params])).rows, size: n };
    } catch (error) {
      if (n === 1 || !TOO_LARGE.test((error as Error).message)) throw error;
    }
  }
}

/**
 * Writes the JSONL export to `out` (not ended here). Lines are in `query_hash` order; each
 * is `{"messages":[system, user: the query, assistant: the intent as JSON]}` with the
 * correct intent when one was given, else the parsed one.
 * @example
 * const result = await exportTraining(sql, createWriteStream('train.jsonl'), { filters: { humanVerified: true } });
 */
export async function exportTraining(
  db: SqlClient,
  out: Writable,
  options: TrainingExportOptions = {},
): Promise<TrainingExportResult> {
  const { sql, params } = trainingPageQuery(options.filters ?? {});
  const line = trainingLineWriter(options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT);
  let size = options.pageSize ?? 2000;
  let after = '';
  let examples = 0;
  let bytes = 0;
  let pages = 0;
  // An output that fails between writes (a full disk, a closed pipe) stops the export at the next page.
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  out.on('error', onError);
  try {
    for (;;) {
      if (failure) throw failure;
      const result = await page(db, sql, after, size, params);
      size = result.size;
      const rows = result.rows;
      if (rows.length === 0) break;
      pages += 1;
      let chunk = '';
      for (const row of rows) chunk += `${line(row.query, row.intent)}\n`;
      examples += rows.length;
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      options.onProgress?.(examples);
      after = (rows[rows.length - 1] as TrainingRow).query_hash;
      if (rows.length < size) break;
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
  return { examples, bytes, pages };
}
