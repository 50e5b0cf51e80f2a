import { BadRequestException } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '#adapters/postgres/migrations';
import { RdsDataSqlClient } from '#adapters/postgres/rds-data-client';
import { REPLICA_COLUMNS, type ReplicaRow } from '#adapters/postgres/replica-row';
import { upsertDecisions } from '#adapters/postgres/replica-writer';
import { type RdsDataLoopback, startRdsDataLoopback } from './rds-data-loopback.ts';
import { rowVersions } from './replica-rows.ts';

const ARNS = {
  resourceArn: 'arn:aws:rds:eu-central-1:123456789012:cluster:aiops-replica',
  secretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:aiops-replica-AbCdEf',
  database: 'aiops',
};

describe('RDS Data API adapter (real SDK against a loopback Data API)', () => {
  let api: RdsDataLoopback;
  let sql: RdsDataSqlClient;
  beforeAll(async () => {
    api = await startRdsDataLoopback();
    sql = new RdsDataSqlClient({ ...ARNS, client: api.sdkClient(), resumeRetryDelaysMs: [5, 5] });
    await migrate(sql);
  });
  afterAll(() => api?.close());
  beforeEach(() => {
    api.calls.length = 0;
  });

  it('sends one signed ExecuteStatement with named, typed parameters and reads JSON records', async () => {
    // Act
    const result = await sql.query<{ n: number; s: string; j: string; a: string[] }>(
      `SELECT $1::int + 1 AS n, $2 || '$3' AS s, $3::jsonb AS j, $4::text[] AS a, $5::boolean AS b, $6::float8 AS f, $7::text AS z`,
      [41, 'x', { k: [1, 2] }, ['a', 'b"c'], true, 0.25, null],
    );
    // Assess
    // jsonb comes back as JSON text in the Data API's JSON format
    const rows = result.rows.map((r) => ({ ...r, j: JSON.parse(r.j) }));
    expect(rows).toEqual([{ n: 42, s: 'x$3', j: { k: [1, 2] }, a: ['a', 'b"c'], b: true, f: 0.25, z: null }]);
    expect(api.calls).toHaveLength(1);
    const [call] = api.calls;
    expect(call?.path).toBe('/Execute');
    expect(call?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK\/\d{8}\/eu-central-1\/rds-data\/aws4_request/,
    );
    expect(call?.body).toEqual({
      ...ARNS,
      sql: `SELECT :p1::int + 1 AS n, :p2 || '$3' AS s, :p3::jsonb AS j, :p4::text[] AS a, :p5::boolean AS b, :p6::float8 AS f, :p7::text AS z`,
      parameters: [
        { name: 'p1', value: { longValue: 41 } },
        { name: 'p2', value: { stringValue: 'x' } },
        { name: 'p3', value: { stringValue: '{"k":[1,2]}' }, typeHint: 'JSON' },
        { name: 'p4', value: { stringValue: '{"a","b\\"c"}' } },
        { name: 'p5', value: { booleanValue: true } },
        { name: 'p6', value: { doubleValue: 0.25 } },
        { name: 'p7', value: { isNull: true } },
      ],
      formatRecordsAs: 'JSON',
    });
  });

  it('runs a transaction as Begin, statements with its id, Commit', async () => {
    // Act
    const n = await sql.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE IF NOT EXISTS tx_probe (x int)');
      return (await tx.query('INSERT INTO tx_probe VALUES ($1), ($2)', [1, 2])).rowCount;
    });
    // Assess
    expect(n).toBe(2);
    expect(api.calls.map((c) => c.path)).toEqual([
      '/BeginTransaction',
      '/Execute',
      '/Execute',
      '/CommitTransaction',
    ]);
    const [begin, first, second, commit] = api.calls;
    expect(begin?.body).toEqual(ARNS);
    const id = first?.body.transactionId;
    expect(id).toEqual(expect.any(String));
    expect(second?.body.transactionId).toBe(id);
    expect(commit?.body).toEqual({
      resourceArn: ARNS.resourceArn,
      secretArn: ARNS.secretArn,
      transactionId: id,
    });
  });

  it('rolls back when the callback throws, and passes the error on', async () => {
    // Prepare
    await sql.query('CREATE TABLE IF NOT EXISTS rollback_probe (x int)');
    api.calls.length = 0;
    // Act
    const run = sql.transaction(async (tx) => {
      await tx.query('INSERT INTO rollback_probe VALUES ($1)', [7]);
      throw new Error('consumer failed');
    });
    // Assess
    await expect(run).rejects.toThrow('consumer failed');
    expect(api.calls.map((c) => c.path)).toEqual(['/BeginTransaction', '/Execute', '/RollbackTransaction']);
    const { rows } = await sql.query<{ n: number }>('SELECT count(*) AS n FROM rollback_probe');
    expect(rows[0]?.n).toBe(0);
  });

  it('reports a failing statement as the Data API’s error', async () => {
    // Act / Assess
    await expect(sql.query('SELECT * FROM no_such_table')).rejects.toThrow(BadRequestException);
  });

  it('retries a call answered DatabaseResumingException while the cluster wakes up', async () => {
    // Prepare
    api.failNext('/Execute', 'DatabaseResumingException', 2);
    // Act
    const result = await sql.query<{ one: number }>('SELECT 1 AS one');
    // Assess
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(api.calls.map((c) => c.path)).toEqual(['/Execute', '/Execute', '/Execute']);
  });

  it('gives up after the configured retries', async () => {
    // Prepare
    api.failNext('/Execute', 'DatabaseResumingException', 3);
    // Act / Assess
    await expect(sql.query('SELECT 1 AS one')).rejects.toThrow(/DatabaseResumingException/);
    expect(api.calls).toHaveLength(3);
  });

  it('upserts decisions in one statement with a cast on every non-text column', async () => {
    // Prepare
    const rows = [rowVersions(), rowVersions()].map((v) => v[v.length - 1] as ReplicaRow);
    // Act
    const result = await upsertDecisions(sql, rows);
    // Assess
    expect(result.written).toBe(2);
    expect(api.calls).toHaveLength(1);
    const body = api.calls[0]?.body as { sql: string; parameters: { name: string; value: object }[] };
    expect(body.sql).toMatch(/^INSERT INTO ai_decisions \(id, timestamp, /);
    expect(body.sql).toContain(
      `(:p1::uuid, :p2::timestamptz, :p3, :p4, :p5, :p6, :p7::jsonb, :p8, :p9, :p10, :p11, :p12, :p13, :p14, :p15, :p16, :p17, :p18, :p19, :p20, :p21::text[], :p22, :p23, :p24, :p25, :p26::jsonb, :p27)`,
    );
    expect(body.sql).toContain('WHERE ai_decisions.version < EXCLUDED.version');
    expect(body.parameters).toHaveLength(2 * REPLICA_COLUMNS.length);
    const first = rows[0] as ReplicaRow;
    expect(body.parameters.slice(0, 2)).toEqual([
      { name: 'p1', value: { stringValue: first.id } },
      { name: 'p2', value: { stringValue: first.timestamp } },
    ]);
    expect(body.parameters[REPLICA_COLUMNS.indexOf('llm_tokens_used')]?.value).toEqual({
      longValue: first.llm_tokens_used,
    });
  });
});
