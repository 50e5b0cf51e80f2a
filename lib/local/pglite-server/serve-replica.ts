import { sqlBackend } from '#adapters/postgres/sql-client';
import { type PgliteServer, startPgliteServer } from './server.ts';

/**
 * Opens (and migrates) the process's replica database and, when it is the embedded PGlite,
 * serves it over the PostgreSQL protocol on loopback. On `DATABASE_URL` (or the Data API) the
 * replica already is a server, so nothing is opened or served here.
 * @param port - 0 takes any free port. @default 0
 * @example const server = await serveLocalReplica(); // server?.url: postgresql://postgres:…@127.0.0.1:…/postgres
 */
export async function serveLocalReplica(port = 0): Promise<PgliteServer | undefined> {
  if (sqlBackend(process.env) !== 'pglite') return undefined;
  const [{ replicaDatabase }, { PgliteSqlClient }] = await Promise.all([
    import('#adapters/postgres/replica-database'),
    import('#adapters/postgres/pglite-client'),
  ]);
  const sql = await replicaDatabase();
  if (!(sql instanceof PgliteSqlClient)) return undefined;
  return startPgliteServer(sql.pglite, { port });
}
