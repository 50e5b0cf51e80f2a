/**
 * The fine-tuning export: one server-side cursor over the winning row of each `query_hash`
 * (one sort in the database, one snapshot), fetched page by page in a transaction, so
 * memory stays flat whatever the table's size; one JSONL line per example, written with the
 * output's backpressure.
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
  trainingRowsQuery,
} from '#domain/analytics/training-export';

/** Options of {@link exportTraining}. */
export interface TrainingExportOptions {
  readonly filters?: TrainingFilters;
  /** The system message of every example. @default DEFAULT_SYSTEM_PROMPT */
  readonly systemPrompt?: string;
  /** Rows per FETCH. @default 2000 */
  readonly pageSize?: number;
  /**
   * Declare the cursor SCROLL and, when a page is refused as too large (the Data API answers
   * at most 1 MiB), move back and fetch it again in halves. For the RDS Data API.
   * @default false
   */
  readonly shrinkPages?: boolean;
  /** Called after each page with the examples written so far. */
  readonly onProgress?: (written: number) => void;
}

/** What an export wrote. */
export interface TrainingExportResult {
  readonly examples: number;
  readonly bytes: number;
  readonly pages: number;
}

const CURSOR = 'aiops_training_export';
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

/** The next page at `position`, halving the page while it is too large (when allowed). */
async function fetchPage(
  tx: SqlClient,
  size: number,
  position: number,
  shrink: boolean,
): Promise<{ rows: TrainingRow[]; size: number }> {
  for (let n = size; ; n = Math.max(1, Math.floor(n / 2))) {
    try {
      return { rows: (await tx.query<TrainingRow>(`FETCH ${n} FROM ${CURSOR}`)).rows, size: n };
    } catch (error) {
      if (!shrink || n === 1 || !TOO_LARGE.test((error as Error).message)) throw error;
      await tx.query(`MOVE ABSOLUTE ${position} IN ${CURSOR}`);
    }
  }
}

/**
 * Writes the JSONL export to `out` (not ended here). Lines are in `query_hash` order; each
 * is `{"messages":[system, user: the query, assistant: the intent as JSON]}` with the
 * correct intent when one was given, else the parsed one. Reads one consistent snapshot.
 * @example
 * const result = await exportTraining(sql, createWriteStream('train.jsonl'), { filters: { humanVerified: true } });
 */
export function exportTraining(
  db: SqlClient,
  out: Writable,
  options: TrainingExportOptions = {},
): Promise<TrainingExportResult> {
  const { sql, params } = trainingRowsQuery(options.filters ?? {});
  const line = trainingLineWriter(options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT);
  const shrink = options.shrinkPages ?? false;
  return db.transaction(async (tx) => {
    await tx.query(`DECLARE ${CURSOR} ${shrink ? 'SCROLL' : 'NO SCROLL'} CURSOR FOR ${sql}`, params);
    let size = options.pageSize ?? 2000;
    let examples = 0;
    let bytes = 0;
    let pages = 0;
    // An output that fails between writes (a full disk, a closed pipe) stops the export at the next page.
    let failure: Error | undefined;
    const onError = (error: Error) => {
      failure ??= error;
    };
    out.on('error', onError);
    // Without page shrinking the next FETCH is sent before this page is turned into lines, so
    // the database reads while JavaScript writes (one connection: statements still run in order).
    let next: Promise<{ rows: TrainingRow[]; size: number }> | undefined;
    try {
      for (;;) {
        if (failure) throw failure;
        const page = await (next ?? fetchPage(tx, size, examples, shrink));
        next = undefined;
        size = page.size;
        const rows = page.rows;
        if (rows.length === 0) break;
        if (!shrink && rows.length === size) next = fetchPage(tx, size, examples + rows.length, false);
        pages += 1;
        let chunk = '';
        for (const row of rows) chunk += `${line(row.query, row.intent)}\n`;
        examples += rows.length;
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        options.onProgress?.(examples);
        if (rows.length < size) break;
      }
      if (failure) throw failure;
      await tx.query(`CLOSE ${CURSOR}`);
    } finally {
      out.off('error', onError);
      await next?.catch(() => undefined); // never leave a FETCH running when the transaction ends
    }
    return { examples, bytes, pages };
  });
}
