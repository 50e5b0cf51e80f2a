import { MIGRATION_0001_AI_DECISIONS } from './migrations/0001-ai-decisions.ts';
import { MIGRATION_0002_APPLIANCE_HEARTBEATS } from './migrations/0002-appliance-heartbeats.ts';
import { MIGRATION_0003_ANALYTICS } from './migrations/0003-analytics.ts';
import type { SqlClient } from './sql-client.ts';

/** One schema change: applied once, in one transaction, recorded in `schema_migrations`. */
export interface Migration {
  /** Position in the history; never reused, never changed once released. */
  readonly version: number;
  readonly name: string;
  /** Run one by one (the Data API and PGlite take one statement per call). */
  readonly statements: readonly string[];
}

/** The replica's schema history, oldest first. Add a file under migrations/ and list it here. */
export const MIGRATIONS: readonly Migration[] = [
  MIGRATION_0001_AI_DECISIONS,
  MIGRATION_0002_APPLIANCE_HEARTBEATS,
  MIGRATION_0003_ANALYTICS,
];

/** First key of the advisory lock that serialises migration runs ("AIOP"); the second is the schema. */
const LOCK_CLASS = 0x41494f50;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (before && m.version <= before.version)) {
      throw new Error(
        `migrations[${i}].version: ${m.version} must be a whole number above ${before?.version ?? 0}`,
      );
    }
  });
}

/**
 * The versions recorded in the `schema_migrations` ledger; none when the ledger does not exist yet.
 * @example const versions = await appliedVersions(sql); // Set { 1, 2, 3 }
 */
export async function appliedVersions(client: SqlClient): Promise<Set<number>> {
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  const present = rows[0]?.present === true || String(rows[0]?.present) === 'true';
  if (!present) return new Set();
  const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(applied.rows.map((r) => Number(r.version)));
}

/** Applies one migration unless another run already did; `true` when this call applied it. */
function applyOne(client: SqlClient, migration: Migration): Promise<boolean> {
  return client.transaction(async (tx) => {
    // Held until this transaction ends: a second Lambda starting now waits here, then skips.
    await tx.query(
      `SELECT true AS locked FROM pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(current_schema()))`,
    );
    await tx.query(CREATE_LEDGER);
    const done = await tx.query('SELECT 1 AS done FROM schema_migrations WHERE version = $1', [
      migration.version,
    ]);
    if (done.rows.length > 0) return false;
    for (const statement of migration.statements) await tx.query(statement);
    await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
    return true;
  });
}

/**
 * Brings the schema up to date: each pending migration in its own transaction under a
 * transaction-scoped advisory lock (per schema), so concurrent callers apply each exactly
 * once. When nothing is pending it costs two reads and takes no lock.
 * @returns the versions this call applied, oldest first
 * @throws Error when the list is out of order, or the first failing statement's error
 *   (that migration is rolled back; the earlier ones stay)
 * @example const { applied } = await migrate(sql); // [1, 2] on an empty database, then []
 */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ applied: number[] }> {
  checkOrder(migrations);
  const present = await appliedVersions(client);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (present.has(migration.version)) continue;
    if (await applyOne(client, migration)) applied.push(migration.version);
  }
  return { applied };
}

const migrated = new WeakMap<SqlClient, Promise<{ applied: number[] }>>();

/**
 * `migrate` once per client (per Lambda instance): later calls share the first call's
 * result; after a failure the next call tries again.
 * @example await ensureMigrated(sql); await upsertDecisions(sql, rows);
 */
export function ensureMigrated(client: SqlClient): Promise<{ applied: number[] }> {
  let run = migrated.get(client);
  if (!run) {
    run = migrate(client);
    migrated.set(client, run);
    run.catch(() => migrated.delete(client));
  }
  return run;
}
