import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMigrated, MIGRATIONS, migrate } from '#adapters/postgres/migrations';
import { openTarget, replicaTargets, type TargetDatabase } from './targets.ts';

/** DESIGN.md §5, column by column (information_schema's names for the types), plus bookkeeping. */
const DESIGN_COLUMNS: [string, string, string | null][] = [
  ['id', 'uuid', null],
  ['timestamp', 'timestamp with time zone', null],
  ['appliance_id', 'text', null],
  ['customer_id', 'text', null],
  ['query', 'text', null],
  ['query_hash', 'text', null],
  ['parsed_intent', 'jsonb', null],
  ['confidence', 'double precision', null],
  ['llm_model', 'text', null],
  ['llm_tokens_used', 'integer', null],
  ['llm_duration_ms', 'integer', null],
  ['playbook_yaml', 'text', null],
  ['playbook_hash', 'text', null],
  ['execution_status', 'text', null],
  ['execution_duration_seconds', 'double precision', null],
  ['tasks_executed', 'integer', null],
  ['tasks_ok', 'integer', null],
  ['tasks_changed', 'integer', null],
  ['tasks_failed', 'integer', null],
  ['execution_output', 'text', null],
  ['execution_errors', 'ARRAY', null],
  ['user_feedback', 'text', null],
  ['user_comment', 'text', null],
  ['is_training_data', 'boolean', 'false'],
  ['human_verified', 'boolean', 'false'],
  ['correct_intent', 'jsonb', null],
  ['version', 'integer', null],
  ['updated_at', 'timestamp with time zone', 'now()'],
];

describe.each(replicaTargets())('migrations on %s', (target) => {
  let db: TargetDatabase;
  beforeAll(async () => {
    db = await openTarget(target);
  });
  afterAll(() => db?.close());

  it('applies every migration once, and running again (or twice at once) applies nothing', async () => {
    // Act
    const first = await migrate(db.client);
    const again = await migrate(db.client);
    const concurrent = await Promise.all([migrate(db.client), migrate(db.client)]);
    // Assess
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(again.applied).toEqual([]);
    expect(concurrent.map((r) => r.applied)).toEqual([[], []]);
    const ledger = await db.client.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    expect(ledger.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('ai_decisions has exactly the columns, types and defaults of DESIGN.md §5', async () => {
    // Act
    const { rows } = await db.client.query<{
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>(
      `SELECT column_name, data_type, column_default FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'ai_decisions' ORDER BY ordinal_position`,
    );
    const arrays = await db.client.query<{ udt_name: string }>(
      `SELECT udt_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'ai_decisions' AND column_name = 'execution_errors'`,
    );
    // Assess
    expect(rows.map((r) => [r.column_name, r.data_type, r.column_default])).toEqual(DESIGN_COLUMNS);
    expect(arrays.rows[0]?.udt_name).toBe('_text');
  });

  it('has the indexes of §5, the (id, customer_id) key and the heartbeat history table', async () => {
    // Act
    const { rows } = await db.client.query<{ tablename: string; indexdef: string }>(
      `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()
       AND tablename IN ('ai_decisions', 'appliance_heartbeats') ORDER BY indexname`,
    );
    const defs = rows.map((r) => r.indexdef.replace(/^.* USING btree /, `${r.tablename} `));
    // Assess
    expect(defs.sort()).toEqual(
      [
        'ai_decisions (appliance_id)',
        'ai_decisions (confidence)',
        'ai_decisions (execution_status)',
        'ai_decisions (id, customer_id)',
        'ai_decisions (query_hash)',
        'ai_decisions ("timestamp" DESC)',
        'appliance_heartbeats (appliance_id, sent_at DESC)',
        'appliance_heartbeats (customer_id, appliance_id, sent_at)',
      ].sort(),
    );
  });

  it('refuses statuses and ratings outside §5', async () => {
    // Prepare
    const insert = (status: string, rating: string) =>
      db.client.query(
        `INSERT INTO ai_decisions (id, timestamp, appliance_id, customer_id, query, query_hash, parsed_intent,
           confidence, llm_model, llm_tokens_used, llm_duration_ms, execution_status, user_feedback, version)
         VALUES (gen_random_uuid(), now(), 'a', 'c', 'q', 'h', '{}'::jsonb, 0.5, 'm', 1, 1, $1, $2, 1)`,
        [status, rating],
      );
    // Act / Assess
    await expect(insert('crashed', 'thumbs_up')).rejects.toThrow(/ai_decisions_execution_status_check/);
    await expect(insert('success', 'meh')).rejects.toThrow(/ai_decisions_user_feedback_check/);
    await expect(insert('timeout', 'thumbs_down')).resolves.toMatchObject({ rowCount: 1 });
  });

  it('rolls back a failing migration whole and keeps the earlier ones', async () => {
    // Prepare
    const broken = [
      { version: 100, name: 'good', statements: ['CREATE TABLE migration_probe_a (x int)'] },
      {
        version: 101,
        name: 'bad',
        statements: ['CREATE TABLE migration_probe_b (x int)', 'SELECT nonsense('],
      },
    ];
    // Act
    const run = migrate(db.client, [...MIGRATIONS, ...broken]);
    // Assess
    await expect(run).rejects.toThrow(/syntax error/);
    const tables = await db.client.query<{ t: string | null; u: string | null }>(
      "SELECT to_regclass('migration_probe_a')::text AS t, to_regclass('migration_probe_b')::text AS u",
    );
    expect(tables.rows[0]).toEqual({ t: 'migration_probe_a', u: null });
    const ledger = await db.client.query<{ version: number }>(
      'SELECT version FROM schema_migrations WHERE version >= 100',
    );
    expect(ledger.rows.map((r) => r.version)).toEqual([100]);
  });

  it('refuses a history out of order, naming the entry', async () => {
    // Act
    const run = migrate(
      db.client,
      [MIGRATIONS[1], MIGRATIONS[0]].filter((m) => m !== undefined),
    );
    // Assess
    await expect(run).rejects.toThrow(/migrations\[1\]\.version/);
  });

  it('ensureMigrated runs the migrations once per client', async () => {
    // Act
    const [a, b] = await Promise.all([ensureMigrated(db.client), ensureMigrated(db.client)]);
    // Assess
    expect(a).toBe(b);
    expect(a.applied).toEqual([]);
  });
});

describe.each(replicaTargets().filter((t) => t !== 'pglite'))(
  'two Lambdas starting together on %s',
  (target) => {
    it('apply each migration exactly once between them', async () => {
      // Prepare
      const db = await openTarget(target);
      const other = db.connect();
      if (!other) throw new Error(`${target} gives no second connection`);
      try {
        // Act
        const [a, b] = await Promise.all([migrate(db.client), migrate(other)]);
        // Assess
        expect([...a.applied, ...b.applied].sort()).toEqual(MIGRATIONS.map((m) => m.version));
        const ledger = await db.client.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
        expect(ledger.rows[0]?.n).toBe(MIGRATIONS.length);
      } finally {
        await db.close();
      }
    });
  },
);
