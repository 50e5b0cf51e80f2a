import { migratedDatabase } from '#adapters/postgres/replica-database';
import { createSqlClient, type SqlClient } from '#adapters/postgres/sql-client';
import type { Runtime } from '#runtime/runtime';
import { createLocalRuntime } from '../../lib/local/local-runtime.ts';

/**
 * A quiet, untraced runtime for a handler that is built for a test and never reaches its
 * DynamoDB tables (a replica handler with `recordLag: false`, say): its endpoint is a closed
 * loopback port, so a call that was not meant to happen fails rather than touching real tables.
 * @example const handler = createReplicaHandler({ runtime: await tablelessRuntime(), database, deadLetters, recordLag: false });
 */
export function tablelessRuntime(): Promise<Runtime> {
  return createLocalRuntime('http://127.0.0.1:9', { POWERTOOLS_LOG_LEVEL: 'ERROR' });
}

/** A replica database a test opens and closes. */
export interface TestReplica {
  /** Opens and migrates it on first use. */
  readonly database: () => Promise<SqlClient>;
  close(): Promise<void>;
}

/**
 * The replica database the environment names (`DATABASE_URL`, else a PGlite in memory), opened
 * and migrated on first use, as the local stack opens its own.
 * @example const replica = testReplica(); afterAll(() => replica.close());
 */
export function testReplica(): TestReplica {
  let opened: SqlClient | undefined;
  return {
    database: migratedDatabase(async () => {
      opened = await createSqlClient(process.env);
      return opened;
    }),
    close: async () => {
      await opened?.close();
    },
  };
}
