import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlClient } from '#adapters/postgres/sql-client';
import { openTarget, replicaTargets, type TargetDatabase } from './targets.ts';

describe.each(replicaTargets())('SqlClient on %s', (target) => {
  let db: TargetDatabase;
  beforeAll(async () => {
    db = await openTarget(target);
    await db.client.query('CREATE TABLE probe (x integer PRIMARY KEY, note text)');
  });
  afterAll(() => db?.close());

  it('counts rows returned by a SELECT and rows written by DML; counts come back as numbers', async () => {
    // Act
    const inserted = await db.client.query('INSERT INTO probe VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b']);
    const skipped = await db.client.query('INSERT INTO probe VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      1,
      'again',
    ]);
    const selected = await db.client.query<{ x: number }>('SELECT x FROM probe ORDER BY x');
    const counted = await db.client.query<{ n: number }>('SELECT count(*) AS n FROM probe');
    // Assess
    expect([inserted.rowCount, skipped.rowCount, selected.rowCount]).toEqual([2, 0, 2]);
    expect(selected.rows).toEqual([{ x: 1 }, { x: 2 }]);
    expect(counted.rows).toEqual([{ n: 2 }]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    // Act
    const kept = await db.client.transaction(async (tx) => {
      await tx.query('INSERT INTO probe VALUES ($1, $2)', [10, 'kept']);
      return tx.transaction((inner) => inner.query('INSERT INTO probe VALUES ($1, $2)', [11, 'nested']));
    });
    const failed = db.client.transaction(async (tx) => {
      await tx.query('INSERT INTO probe VALUES ($1, $2)', [20, 'lost']);
      await tx.query('INSERT INTO probe VALUES ($1, $2)', [10, 'duplicate key']);
    });
    // Assess
    expect(kept.rowCount).toBe(1);
    await expect(failed).rejects.toThrow(/duplicate key|probe_pkey/);
    const { rows } = await db.client.query<{ x: number }>('SELECT x FROM probe WHERE x >= 10 ORDER BY x');
    expect(rows).toEqual([{ x: 10 }, { x: 11 }]);
  });
});

describe('createSqlClient', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens PGlite on PGLITE_DATA_DIR, which keeps the data across restarts', async () => {
    // Prepare
    const first = await createSqlClient({ PGLITE_DATA_DIR: dir });
    await first.query('CREATE TABLE kept (x int)');
    await first.query('INSERT INTO kept VALUES ($1)', [7]);
    await first.close();
    // Act
    const second = await createSqlClient({ PGLITE_DATA_DIR: dir });
    const { rows } = await second.query<{ x: number }>('SELECT x FROM kept');
    await second.close();
    // Assess
    expect(rows).toEqual([{ x: 7 }]);
  });

  it.runIf(process.env.DATABASE_URL)('opens node-postgres on DATABASE_URL', async () => {
    // Act
    const sql = await createSqlClient({ DATABASE_URL: process.env.DATABASE_URL });
    const { rows } = await sql.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await sql.close();
    // Assess
    expect(rows[0]?.v).toMatch(/^\d+/);
  });
});
