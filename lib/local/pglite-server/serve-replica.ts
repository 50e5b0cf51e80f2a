import { type SqlClient, type SqlClientEnv, sqlBackend } from '#adapters/postgres/sql-client';
import { type PgliteServer, startPgliteServer } from './server.ts';

/**
 * Opens (and migrates) the stack's replica database and, when it is the embedded PGlite,
 * serves it over the PostgreSQL protocol on loopback. On `DATABASE_URL` (or the Data API) the
 * replica already is a server, so nothing is served here.
 * @param env - the variables naming the replica (`DATABASE_URL`, `RDS_DATA_*`)
 * @param port - 0 takes any free port. @default 0
 * @example const server = await serveLocalReplica(database, process.env); // server?.url: postgresql://postgres:…@127.0.0.1:…/postgres
 */
export async function serveLocalReplica(
  database: () => Promise<SqlClient>,
  env: SqlClientEnv,
  port = 0,
): Promise<PgliteServer | undefined> {
  if (sqlBackend(env) !== 'pglite') return undefined;
  const sql = await database();
  const { PgliteSqlClient } = await import('#adapters/postgres/pglite-client');
  if (!(sql instanceof PgliteSqlClient)) return undefined;
  return startPgliteServer(sql.pglite, { port });
}
