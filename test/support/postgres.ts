/**
 * A fresh, empty database per test file: an in-memory PGlite always, and a uniquely named
 * schema on the machine's PostgreSQL when `DATABASE_URL` is set (CI sets it), dropped again
 * by `close()`.
 */
import { randomBytes } from 'node:crypto';
import { PgSqlClient } from '#adapters/postgres/pg-client';
import { PgliteSqlClient } from '#adapters/postgres/pglite-client';
import type { SqlClient } from '#adapters/postgres/sql-client';

/** Where a test's SQL runs. */
export type SqlTarget = 'pglite' | 'postgres';

/**
 * The targets available here: PGlite, plus PostgreSQL when `DATABASE_URL` is set.
 * @example describe.each(sqlTargets())('replica on %s', (target) => { ... })
 */
export function sqlTargets(env: NodeJS.ProcessEnv = process.env): SqlTarget[] {
  return env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** An empty database for one test file. */
export interface FreshDatabase {
  readonly target: SqlTarget;
  readonly client: SqlClient;
  /**
   * A second, independent connection to the same database (to race two Lambdas), or
   * `undefined` on PGlite, which has one connection.
   */
  connect(): SqlClient | undefined;
  /** Closes every client and drops the schema. */
  close(): Promise<void>;
}

async function freshSchema(url: string): Promise<FreshDatabase> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new PgSqlClient({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const clients: PgSqlClient[] = [];
  const connect = () => {
    const c = new PgSqlClient({ connectionString: url, options: `-c search_path=${schema}` });
    clients.push(c);
    return c;
  };
  return {
    target: 'postgres',
    client: connect(),
    connect,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/**
 * A new empty database on `target`.
 * @example
 * const db = await freshDatabase('pglite');
 * afterAll(() => db.close());
 */
export async function freshDatabase(
  target: SqlTarget,
  url: string | undefined = process.env.DATABASE_URL,
): Promise<FreshDatabase> {
  if (target === 'postgres') {
    if (!url) throw new Error('freshDatabase(postgres): DATABASE_URL is not set');
    return freshSchema(url);
  }
  const client = await PgliteSqlClient.open();
  return { target, client, connect: () => undefined, close: () => client.close() };
}
