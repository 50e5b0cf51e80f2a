import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlResult } from './sql-client.ts';

type PgliteQueryable = Pick<PGlite | Transaction, 'query'>;

async function run<T>(db: PgliteQueryable, text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
  const result = await db.query<T>(text, params ? params.map((p) => p ?? null) : undefined);
  const returned = result.fields.length > 0;
  return { rows: result.rows, rowCount: returned ? result.rows.length : (result.affectedRows ?? 0) };
}

/** The client a transaction's callback gets: same connection, nested calls join it. */
function transactionClient(tx: Transaction): SqlClient {
  const client: SqlClient = {
    query: (text, params) => run(tx, text, params),
    transaction: (fn) => fn(client),
    close: async () => {
      throw new Error('close() inside a transaction: close the client that opened it');
    },
  };
  return client;
}

/**
 * PostgreSQL embedded in the process (PGlite, WebAssembly): the local default. One
 * connection; PGlite queues statements, and a transaction holds it until it ends.
 */
export class PgliteSqlClient implements SqlClient {
  private constructor(private readonly db: PGlite) {}

  /** The PGlite instance itself (the local stack serves it over the PostgreSQL protocol). */
  get pglite(): PGlite {
    return this.db;
  }

  /**
   * Starts PGlite, in memory or on a data directory kept across restarts.
   * @param dataDir - Directory of the database files. @default in memory
   * @example const sql = await PgliteSqlClient.open('.aiops/pglite');
   */
  static async open(dataDir?: string): Promise<PgliteSqlClient> {
    return new PgliteSqlClient(await PGlite.create(dataDir));
  }

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
    return run<T>(this.db, text, params);
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(transactionClient(tx)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
