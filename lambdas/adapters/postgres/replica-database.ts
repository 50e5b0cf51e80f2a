import { ensureMigrated } from './migrations.ts';
import type { SqlClient } from './sql-client.ts';

/**
 * A replica database opened and migrated on first use, then shared by every call: the RDS
 * Data API in AWS, `DATABASE_URL` or PGlite locally (see `createSqlClient`). An open or a
 * migration that fails is tried again on the next call.
 * @example const database = migratedDatabase(() => createSqlClient(process.env)); const sql = await database();
 */
export function migratedDatabase(open: () => Promise<SqlClient>): () => Promise<SqlClient> {
  let client: Promise<SqlClient> | undefined;
  return () => {
    client ??= (async () => {
      const c = await open();
      await ensureMigrated(c);
      return c;
    })().catch((e) => {
      client = undefined; // try again on the next batch
      throw e;
    });
    return client;
  };
}
