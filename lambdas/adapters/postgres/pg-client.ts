import pg from 'pg';
import type { SqlClient, SqlResult } from './sql-client.ts';

const INT8_OID = 20;

/**
 * Counts (`count(*)`, bigint) as numbers, as PGlite and the Data API return them, rather
 * than node-postgres's strings. Exact up to 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

async function run<T>(db: Queryable, text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
  const result = await db.query(text, params ? [...params] : undefined);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
}

/**
 * Any PostgreSQL through node-postgres: a pool (`DATABASE_URL`), one connection per
 * transaction, rolled back (and the connection dropped if even that fails) on error.
 */
export class PgSqlClient implements SqlClient {
  private readonly pool: pg.Pool;

  /**
   * @param config - node-postgres pool settings, e.g. `{ connectionString }`; `max`
   *   defaults to 4 (a Lambda handles one batch at a time).
   * @example new PgSqlClient({ connectionString: process.env.DATABASE_URL })
   */
  constructor(config: pg.PoolConfig) {
    this.pool = new pg.Pool({ max: 4, ...config, types });
  }

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
    return run<T>(this.pool, text, params);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const conn = await this.pool.connect();
    const tx: SqlClient = {
      query: (text, params) => run(conn, text, params),
      transaction: (inner) => inner(tx),
      close: async () => {
        throw new Error('close() inside a transaction: close the client that opened it');
      },
    };
    try {
      await conn.query('BEGIN');
      const result = await fn(tx);
      await conn.query('COMMIT');
      conn.release();
      return result;
    } catch (error) {
      try {
        await conn.query('ROLLBACK');
        conn.release();
      } catch (rollbackError) {
        conn.release(rollbackError as Error);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
