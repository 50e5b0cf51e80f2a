/**
 * Replica rows with known values for the analytics tests: a complete `ai_decisions` row
 * with plain defaults, each field overridable, written through the replica's own upsert.
 */
import { randomUUID } from 'node:crypto';
import { migrate } from '#adapters/postgres/migrations';
import type { ReplicaRow } from '#adapters/postgres/replica-row';
import { upsertDecisions } from '#adapters/postgres/replica-writer';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { queryHash } from '#domain/hashing';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A row: a successful DNS decision with no feedback, unless told otherwise. `query_hash`
 * follows `query` unless given.
 * @example analyticsRow({ confidence: 0.4, execution_status: 'failed' })
 */
export function analyticsRow(overrides: Partial<Mutable<ReplicaRow>> = {}): ReplicaRow {
  const query = overrides.query ?? `add an A record for host-${randomUUID().slice(0, 8)}`;
  const executed = overrides.execution_status !== null;
  return {
    id: randomUUID(),
    timestamp: '2026-11-20T10:05:00.000Z',
    appliance_id: 'appl-dns-01',
    customer_id: 'acme',
    query,
    query_hash: queryHash(query),
    parsed_intent: { action: 'dns.add_record', parameters: { name: 'printer3', type: 'A' } },
    confidence: 0.9,
    llm_model: 'claude-sonnet-4-5',
    llm_tokens_used: 1000,
    llm_duration_ms: 1000,
    playbook_yaml: '- hosts: dns\n  tasks: []\n',
    playbook_hash: 'a'.repeat(64),
    execution_status: 'success',
    execution_duration_seconds: executed ? 10 : null,
    tasks_executed: executed ? 3 : null,
    tasks_ok: executed ? 3 : null,
    tasks_changed: executed ? 1 : null,
    tasks_failed: executed ? 0 : null,
    execution_output: executed ? 'PLAY RECAP' : null,
    execution_errors: executed ? [] : null,
    user_feedback: null,
    user_comment: null,
    is_training_data: false,
    human_verified: false,
    correct_intent: null,
    version: 3,
    ...overrides,
  };
}

/** Migrates `db` (the reports need migration 3) and writes `rows`. */
export async function seedAnalytics(db: SqlClient, rows: readonly ReplicaRow[]): Promise<void> {
  await migrate(db);
  const { written } = await upsertDecisions(db, rows);
  if (written !== rows.length) throw new Error(`seeded ${written} of ${rows.length} rows`);
}
