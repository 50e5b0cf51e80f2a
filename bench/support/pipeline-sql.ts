/**
 * The databases `replica-throughput` writes to and its ways of writing 100 rows: the
 * replica's version-guarded upsert, a bare multi-row INSERT into an identical copy of
 * `ai_decisions`, and the whole replica handler fed a stream event.
 */
import { ensureMigrated } from '#adapters/postgres/migrations';
import { valuesList } from '#adapters/postgres/multi-row-insert';
import { REPLICA_COLUMNS, type ReplicaRow } from '#adapters/postgres/replica-row';
import { upsertDecisions } from '#adapters/postgres/replica-writer';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { type FreshDatabase, freshDatabase, type SqlTarget } from '../../test/support/postgres.ts';
import { lambdaContext } from './api-event.ts';
import { type ReplicaFixture, streamEventOf } from './pipeline-rows.ts';

/** The table the bare side fills: `ai_decisions`' columns, defaults, key and indexes. */
export const COPY_TABLE = 'bench_ai_decisions_copy';

/** One way of writing a batch of rows; resolves to the rows it wrote. */
export interface RowSide {
  readonly name: string;
  readonly write: (batch: readonly ReplicaFixture[]) => Promise<number>;
}

/**
 * An empty, migrated database on `target` (PGlite in memory, or a fresh schema on
 * `DATABASE_URL`) with the copy table created next to `ai_decisions`.
 * @example const db = await replicaBenchDatabase('pglite'); try { ... } finally { await db.close(); }
 */
export async function replicaBenchDatabase(target: SqlTarget): Promise<FreshDatabase> {
  const db = await freshDatabase(target);
  try {
    await ensureMigrated(db.client);
    await db.client.query(`CREATE TABLE ${COPY_TABLE} (LIKE ai_decisions INCLUDING ALL)`);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}

// The same casts the replica writer sends, so both sides bind identical parameters.
const CASTS: Partial<Record<string, string>> = {
  id: 'uuid',
  timestamp: 'timestamptz',
  parsed_intent: 'jsonb',
  execution_errors: 'text[]',
  correct_intent: 'jsonb',
};
const COLUMNS = REPLICA_COLUMNS.map((name) => ({ name, ...(CASTS[name] ? { cast: CASTS[name] } : {}) }));

/** The replica path: `upsertDecisions` (ON CONFLICT ... WHERE version <). */
export function upsertSide(client: SqlClient): RowSide {
  return {
    name: 'upsertDecisions',
    write: async (batch) =>
      (
        await upsertDecisions(
          client,
          batch.map((f) => f.row),
        )
      ).written,
  };
}

/** The baseline: one plain multi-row INSERT of the same rows, no ON CONFLICT. */
export function bareInsertSide(client: SqlClient): RowSide {
  return {
    name: 'bare INSERT',
    write: async (batch) => {
      const values = valuesList<ReplicaRow>(
        COLUMNS,
        batch.map((f) => f.row),
      );
      const sql = `INSERT INTO ${COPY_TABLE} (${REPLICA_COLUMNS.join(', ')}) VALUES ${values.sql}`;
      return (await client.query(sql, values.params)).rowCount;
    },
  };
}

/**
 * The whole handler: the replica Lambda (middy, Powertools, BatchProcessor, row mapping)
 * called with the stream event of the batch, writing through `client`.
 */
export async function replicaHandlerSide(client: SqlClient): Promise<RowSide> {
  const [{ createReplicaHandler }, { runtimeFromEnvironment }] = await Promise.all([
    import('#handlers/replica'),
    import('#runtime/from-environment'),
  ]);
  // A record the replica sets aside fails the round: every fixture is writable.
  const deadLetters = {
    send: async () => {
      throw new Error('the replica handler set a record aside');
    },
  };
  const handler = createReplicaHandler({
    runtime: await runtimeFromEnvironment(),
    database: async () => client,
    deadLetters,
    recordLag: false,
  });
  return {
    name: 'replica handler',
    write: async (batch) => {
      const res = await handler(streamEventOf(batch.map((f) => f.item)), lambdaContext('replica'));
      if (res.batchItemFailures.length > 0)
        throw new Error(`replica handler failed ${res.batchItemFailures.length} record(s)`);
      return batch.length;
    },
  };
}
