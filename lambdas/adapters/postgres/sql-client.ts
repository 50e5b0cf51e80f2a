/**
 * The one port the replica needs from a SQL database: parameterised queries (`$1..$n`,
 * PostgreSQL style), transactions and shutdown. Three adapters implement it: PGlite (the
 * embedded default), node-postgres (`DATABASE_URL`) and the RDS Data API (Aurora in AWS).
 */

/** The rows a statement returned and how many rows it touched. */
export interface SqlResult<T> {
  readonly rows: T[];
  /** Rows returned by a SELECT (or RETURNING), rows written by INSERT / UPDATE / DELETE. */
  readonly rowCount: number;
}

/**
 * A PostgreSQL connection (or pool) seen through the smallest useful surface.
 *
 * Parameter values follow node-postgres's conventions on every adapter: `null`/`undefined`
 * are SQL NULL, JS arrays become PostgreSQL arrays, plain objects become JSON text, `Date`s
 * become ISO 8601 text. Cast a parameter whose column is not text or a number
 * (`$1::uuid`, `$2::timestamptz`, `$3::jsonb`, `$4::text[]`): the Data API types every
 * string as text and PostgreSQL will not assign text to those columns implicitly.
 *
 * Result values are what each driver yields: PGlite and node-postgres parse timestamps to
 * `Date` and jsonb to objects; the Data API's JSON format returns them as strings.
 */
export interface SqlClient {
  /** Runs one statement (several `;`-separated statements are not portable: use one call each). */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Calling `transaction` on the `tx` it gets runs in the same transaction (no savepoint).
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Releases the connection(s); the client is unusable afterwards. */
  close(): Promise<void>;
}

/** Which adapter `createSqlClient` picks, by the variables below. */
export type SqlBackend = 'pg' | 'rds-data' | 'pglite';

/** The variables `createSqlClient` reads. */
export interface SqlClientEnv {
  /** A PostgreSQL URL (`postgresql://user@host:5432/db`): node-postgres. */
  readonly DATABASE_URL?: string;
  /** The Aurora cluster ARN, with RDS_DATA_SECRET_ARN: the RDS Data API. */
  readonly RDS_DATA_RESOURCE_ARN?: string;
  /** The Secrets Manager secret holding the database credentials. */
  readonly RDS_DATA_SECRET_ARN?: string;
  /** The database on the cluster. @default 'aiops' */
  readonly RDS_DATA_DATABASE?: string;
  /** PGlite's data directory. @default in memory */
  readonly PGLITE_DATA_DIR?: string;
}

/**
 * The backend the environment selects: `DATABASE_URL` first, then the Data API ARNs
 * (both needed), else the embedded PGlite.
 * @throws Error when only one of the two Data API ARNs is set
 * @example sqlBackend({ DATABASE_URL: 'postgresql://postgres@127.0.0.1/test' }) // 'pg'
 */
export function sqlBackend(env: SqlClientEnv): SqlBackend {
  if (env.DATABASE_URL) return 'pg';
  const resource = env.RDS_DATA_RESOURCE_ARN;
  const secret = env.RDS_DATA_SECRET_ARN;
  if (resource && secret) return 'rds-data';
  if (resource || secret) {
    const missing = resource ? 'RDS_DATA_SECRET_ARN' : 'RDS_DATA_RESOURCE_ARN';
    throw new Error(
      `invalid environment: ${missing}: required with ${resource ? 'RDS_DATA_RESOURCE_ARN' : 'RDS_DATA_SECRET_ARN'}`,
    );
  }
  return 'pglite';
}

/**
 * Opens the client the environment selects (see `sqlBackend`). Each adapter is imported
 * only when chosen, so a Lambda on the Data API never loads PGlite or node-postgres.
 * @example
 * const sql = await createSqlClient(process.env);
 * const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM ai_decisions');
 */
export async function createSqlClient(env: SqlClientEnv): Promise<SqlClient> {
  switch (sqlBackend(env)) {
    case 'pg': {
      const { PgSqlClient } = await import('./pg-client.ts');
      return new PgSqlClient({ connectionString: env.DATABASE_URL });
    }
    case 'rds-data': {
      const { RdsDataSqlClient } = await import('./rds-data-client.ts');
      return new RdsDataSqlClient({
        resourceArn: env.RDS_DATA_RESOURCE_ARN as string,
        secretArn: env.RDS_DATA_SECRET_ARN as string,
        database: env.RDS_DATA_DATABASE || 'aiops',
      });
    }
    case 'pglite': {
      const { PgliteSqlClient } = await import('./pglite-client.ts');
      return PgliteSqlClient.open(env.PGLITE_DATA_DIR || undefined);
    }
  }
}
