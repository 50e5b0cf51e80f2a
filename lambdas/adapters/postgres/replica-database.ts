import { ensureMigrated } from './migrations.ts';
import { createSqlClient, type SqlClient } from './sql-client.ts';

let client: Promise<SqlClient> | undefined;

/**
 * The process's replica database, migrated on first use: the RDS Data API in AWS,
 * `DATABASE_URL` or PGlite locally (see `createSqlClient`).
 */
export function replicaDatabase(): Promise<SqlClient> {
  client ??= (async () => {
    const c = await createSqlClient(process.env);
    await ensureMigrated(c);
    return c;
  })().catch((e) => {
    client = undefined; // try again on the next batch
    throw e;
  });
  return client;
}

/** Use this client instead (the local stack shares one PGlite between its parts). */
export function setReplicaDatabase(c: SqlClient): void {
  client = Promise.resolve(c);
}
