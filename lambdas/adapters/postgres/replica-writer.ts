import { HEARTBEAT_COLUMNS, type HeartbeatRow } from './heartbeat-row.ts';
import { type ChunkLimits, chunkRows, type InsertColumn, valuesList } from './multi-row-insert.ts';
import { REPLICA_COLUMNS, type ReplicaRow } from './replica-row.ts';
import type { SqlClient } from './sql-client.ts';

const CASTS: Partial<Record<string, string>> = {
  id: 'uuid',
  timestamp: 'timestamptz',
  parsed_intent: 'jsonb',
  execution_errors: 'text[]',
  correct_intent: 'jsonb',
  sent_at: 'timestamptz',
  services: 'jsonb',
  received_at: 'timestamptz',
};

const withCasts = <R>(names: readonly (keyof R & string)[]): InsertColumn<R>[] =>
  names.map((name) => ({ name, ...(CASTS[name] ? { cast: CASTS[name] } : {}) }));

const DECISION_INSERT_COLUMNS = withCasts<ReplicaRow>(REPLICA_COLUMNS);
const HEARTBEAT_INSERT_COLUMNS = withCasts<HeartbeatRow>(HEARTBEAT_COLUMNS);

const KEY = ['id', 'customer_id'];
const UPDATE_SET = [
  ...REPLICA_COLUMNS.filter((c) => !KEY.includes(c)).map((c) => `${c} = EXCLUDED.${c}`),
  'updated_at = now()',
].join(', ');

/** What one call wrote. */
export interface UpsertResult {
  /** Rows inserted or replaced by a higher version. */
  readonly written: number;
  /** Rows left alone: the table already held that version or a newer one (or the batch did). */
  readonly unchanged: number;
}

/** The highest version of each decision in the batch (one statement may touch a row only once). */
function latestPerDecision(rows: readonly ReplicaRow[]): ReplicaRow[] {
  const latest = new Map<string, ReplicaRow>();
  for (const row of rows) {
    const key = `${row.customer_id}#${row.id}`;
    const seen = latest.get(key);
    if (!seen || seen.version < row.version) latest.set(key, row);
  }
  return [...latest.values()];
}

/**
 * Upserts decision rows: one multi-row `INSERT ... ON CONFLICT (id, customer_id) DO UPDATE
 * ... WHERE ai_decisions.version < EXCLUDED.version` per chunk, so a replayed or late older
 * version never overwrites a newer one and any delivery order converges to the rows of the
 * highest versions. Chunks are separate statements (each idempotent), not one transaction:
 * after a failure, retrying the whole batch is safe.
 * @example const { written } = await upsertDecisions(sql, items.map(toReplicaRow).filter(isDefined));
 */
export async function upsertDecisions(
  client: SqlClient,
  rows: readonly ReplicaRow[],
  limits?: ChunkLimits,
): Promise<UpsertResult> {
  let written = 0;
  for (const chunk of chunkRows(latestPerDecision(rows), REPLICA_COLUMNS.length, limits)) {
    const values = valuesList(DECISION_INSERT_COLUMNS, chunk);
    const result = await client.query(
      `INSERT INTO ai_decisions (${REPLICA_COLUMNS.join(', ')}) VALUES ${values.sql}
       ON CONFLICT (id, customer_id) DO UPDATE SET ${UPDATE_SET}
       WHERE ai_decisions.version < EXCLUDED.version`,
      values.params,
    );
    written += result.rowCount;
  }
  return { written, unchanged: rows.length - written };
}

/** What one heartbeat insert wrote. */
export interface InsertResult {
  readonly inserted: number;
  /** Heartbeats already in the table (replays), or twice in the batch. */
  readonly duplicates: number;
}

/**
 * Appends heartbeat history rows, one multi-row `INSERT ... ON CONFLICT DO NOTHING` per
 * chunk: a heartbeat is immutable, so a replay changes nothing.
 * @example await insertHeartbeats(sql, items.map(toHeartbeatRow).filter(isDefined));
 */
export async function insertHeartbeats(
  client: SqlClient,
  rows: readonly HeartbeatRow[],
  limits?: ChunkLimits,
): Promise<InsertResult> {
  let inserted = 0;
  for (const chunk of chunkRows(rows, HEARTBEAT_COLUMNS.length, limits)) {
    const values = valuesList(HEARTBEAT_INSERT_COLUMNS, chunk);
    const result = await client.query(
      `INSERT INTO appliance_heartbeats (${HEARTBEAT_COLUMNS.join(', ')}) VALUES ${values.sql} ON CONFLICT DO NOTHING`,
      values.params,
    );
    inserted += result.rowCount;
  }
  return { inserted, duplicates: rows.length - inserted };
}
