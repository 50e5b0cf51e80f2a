/** PostgreSQL's limit on the parameters of one statement (a 16-bit count in the protocol). */
export const MAX_PARAMETERS = 65_535;

/** How large one multi-row statement may grow. */
export interface ChunkLimits {
  /** Rows per statement. @default as many as fit in 65,535 parameters */
  readonly maxRows?: number;
  /**
   * Estimated bytes of parameters per statement, kept under the Data API's 4 MiB request
   * limit (a worst-case decision row is about 230 KB). @default 3 MiB
   */
  readonly maxBytes?: number;
}

/** A column and the cast its parameter needs (`uuid`, `jsonb`, ...), if not text or a number. */
export interface InsertColumn<R> {
  readonly name: keyof R & string;
  readonly cast?: string;
}

/** Rough size of a row once sent: its JSON plus the Data API's per-parameter envelope. */
const estimatedBytes = (row: unknown, columns: number): number =>
  Buffer.byteLength(JSON.stringify(row)) + 64 * columns;

/**
 * Splits rows into statements that stay under the parameter, row and size limits.
 * @example chunkRows(rows, 27) // [[...2427 rows], [...]]
 */
export function chunkRows<R>(rows: readonly R[], columns: number, limits: ChunkLimits = {}): R[][] {
  const maxRows = Math.max(1, Math.min(limits.maxRows ?? Infinity, Math.floor(MAX_PARAMETERS / columns)));
  const maxBytes = limits.maxBytes ?? 3 * 1024 * 1024;
  const chunks: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = estimatedBytes(row, columns);
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The `VALUES` list of a multi-row INSERT and its parameters, row by row:
 * `($1::uuid, $2, ...), ($28::uuid, ...)`.
 * @example valuesList([{ name: 'id', cast: 'uuid' }], [{ id: 'a' }, { id: 'b' }]) // { sql: '($1::uuid), ($2::uuid)', params: ['a', 'b'] }
 */
export function valuesList<R>(
  columns: readonly InsertColumn<R>[],
  rows: readonly R[],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = columns.map((c) => {
      params.push(row[c.name] ?? null);
      return c.cast ? `$${params.length}::${c.cast}` : `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { sql: tuples.join(', '), params };
}
