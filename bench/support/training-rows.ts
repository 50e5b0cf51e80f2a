/**
 * `training-export`'s data: a fresh schema on the machine's PostgreSQL, migrated like the
 * replica, filled with N decision rows generated in SQL (one INSERT … SELECT over
 * generate_series: seconds for a million rows, nothing crosses the wire).
 */
import { randomBytes } from 'node:crypto';
import { migrate } from '#adapters/postgres/migrations';
import { PgSqlClient } from '#adapters/postgres/pg-client';

/** A filled schema and how to reach it. */
export interface TrainingRowsDatabase {
  /** A connection string whose sessions use the schema (`options=-c search_path=…`). */
  readonly url: string;
  readonly rows: number;
  /** Seconds the INSERT took. */
  readonly fillSeconds: number;
  drop(): Promise<void>;
}

/**
 * Realistic rows: about 10% of queries repeat (deduplicated by the export), a seventh are
 * rated thumbs up and a seventh thumbs down (half of those with a correct intent), some
 * human-verified or marked as training data, confidences spread over 0..1.
 */
const FILL = `INSERT INTO ai_decisions (id, timestamp, appliance_id, customer_id, query, query_hash, parsed_intent,
    confidence, llm_model, llm_tokens_used, llm_duration_ms, playbook_yaml, playbook_hash, execution_status,
    execution_duration_seconds, tasks_executed, tasks_ok, tasks_changed, tasks_failed, execution_errors,
    user_feedback, correct_intent, human_verified, is_training_data, version)
  SELECT md5(g::text)::uuid, now() - (g % 100000) * interval '1 minute', 'appl-' || (g % 50), 'acme',
    q.query, md5(q.query), jsonb_build_object(
      'action', (ARRAY['dns.add_record', 'samba.add_user', 'mail.add_alias', 'service.restart'])[1 + g % 4],
      'parameters', jsonb_build_object('name', 'host' || (g % $2::int), 'type', 'A', 'value', '10.0.' || (g % 250) || '.' || (g % 200))),
    (g % 1000) / 1000.0, 'claude-sonnet-4-5', 1100, 1500, '- hosts: all\n  tasks: []\n', md5(g::text || 'p'),
    (ARRAY['success', 'success', 'success', 'failed', 'timeout'])[1 + g % 5], 12.5, 3, 3, 1, 0, '{}',
    CASE g % 7 WHEN 0 THEN 'thumbs_up' WHEN 1 THEN 'thumbs_down' END,
    CASE WHEN g % 14 = 1 THEN jsonb_build_object('action', 'dns.delete_record', 'parameters', jsonb_build_object('name', 'host' || g)) END,
    g % 11 = 0, g % 13 = 0, 1
  FROM generate_series(1, $1::int) g,
    LATERAL (SELECT 'add an A record for host' || (g % $2::int) || '.office.example.com pointing to 10.0.'
      || (g % 250) || '.' || (g % 200) AS query) q`;

/**
 * Creates `bench_<random>` on `baseUrl`, migrates it and inserts `rows` rows.
 * @example const db = await fillTrainingRows(process.env.DATABASE_URL, 1_000_000); … await db.drop();
 */
export async function fillTrainingRows(baseUrl: string, rows: number): Promise<TrainingRowsDatabase> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new PgSqlClient({ connectionString: baseUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = new PgSqlClient({ connectionString: url.toString(), max: 1 });
  try {
    await migrate(db);
    const started = performance.now();
    await db.query(FILL, [rows, Math.floor(rows * 0.9)]);
    const fillSeconds = (performance.now() - started) / 1000;
    await db.query('ANALYZE ai_decisions');
    return {
      url: url.toString(),
      rows,
      fillSeconds,
      drop: async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      },
    };
  } catch (e) {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
    throw e;
  } finally {
    await db.close();
  }
}
