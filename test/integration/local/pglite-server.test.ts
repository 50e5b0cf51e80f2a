import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgliteSqlClient } from '#adapters/postgres/pglite-client';
import { type PgliteServer, startPgliteServer } from '../../../lib/local/pglite-server/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const psql = await promisify(execFile)('psql', ['--version']).then(
  () => true,
  () => false,
);

describe('the PGlite replica over the PostgreSQL protocol', () => {
  let sql: PgliteSqlClient;
  let server: PgliteServer;
  const clients: pg.Client[] = [];
  const connect = async (url = server.url) => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => undefined);
    clients.push(c);
    await c.connect();
    return c;
  };
  const count = async () => (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n;

  beforeAll(async () => {
    sql = await PgliteSqlClient.open();
    await sql.query('CREATE TABLE t (id int PRIMARY KEY, doc jsonb)');
    server = await startPgliteServer(sql.pglite, { idleInTransactionMs: 300 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  });
  afterAll(async () => {
    await server?.close();
    await sql?.close();
  });

  it('answers node-postgres with parameters, jsonb and server-side cursors', async () => {
    // Prepare
    await sql.query(`INSERT INTO t SELECT g, jsonb_build_object('n', g) FROM generate_series(1, 5) g`);
    const client = await connect();
    // Act
    const rows = await client.query('SELECT id, doc FROM t WHERE id > $1 ORDER BY id', [3]);
    await client.query('BEGIN');
    await client.query('DECLARE c NO SCROLL CURSOR FOR SELECT id FROM t ORDER BY id');
    const first = await client.query('FETCH 2 FROM c');
    const second = await client.query('FETCH 2 FROM c');
    await client.query('COMMIT');
    // Assess
    expect(rows.rows).toEqual([
      { id: 4, doc: { n: 4 } },
      { id: 5, doc: { n: 5 } },
    ]);
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual([1, 2, 3, 4]);
    await sql.query('DELETE FROM t');
  });

  it('refuses a wrong password', async () => {
    // Prepare
    const wrong = server.url.replace(/:[^:@]+@/, ':wrong@');
    // Act + Assess
    await expect(connect(wrong)).rejects.toThrow(/password authentication failed/);
  });

  it.runIf(psql)('serves psql, COPY TO STDOUT included', async () => {
    // Prepare
    await sql.query(`INSERT INTO t VALUES (1, '{}'), (2, '{}')`);
    // Act
    const { stdout } = await promisify(execFile)('psql', [
      server.url,
      '-XAt',
      '-c',
      'SELECT count(*) FROM t',
      '-c',
      'COPY (SELECT id FROM t ORDER BY id) TO STDOUT',
    ]);
    // Assess
    expect(stdout.trim().split('\n')).toEqual(['2', '1', '2']);
    await sql.query('DELETE FROM t');
  });

  it("keeps the replica's statements out of a client's transaction, and the client's out of the replica's", async () => {
    // Prepare
    const client = await connect();
    await client.query('BEGIN');
    await client.query(`INSERT INTO t VALUES (10, '{}')`);
    // Act: the in-process query waits for the client's COMMIT
    const seen = count();
    await sleep(100);
    await client.query('COMMIT');
    // ...and a client query during the replica's transaction sees all of it or none
    const writing = sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO t VALUES (11, '{}')`);
      await sleep(100);
      await tx.query(`INSERT INTO t VALUES (12, '{}')`);
    });
    await sleep(20);
    const during = await client.query('SELECT count(*)::int AS n FROM t');
    await writing;
    // Assess
    expect(await seen).toBe(1);
    expect(during.rows[0].n).toBe(3);
    await sql.query('DELETE FROM t');
  });

  it('rolls back and disconnects a client idle in a transaction, and one that leaves mid-transaction', async () => {
    // Prepare
    const idle = await connect();
    await idle.query('BEGIN');
    await idle.query(`INSERT INTO t VALUES (20, '{}')`);
    const leaving = await connect();
    // Act
    await sleep(500);
    const afterIdle = await count();
    const idleNext = idle.query('SELECT 1').catch((e: Error) => e);
    await leaving.query('BEGIN');
    await leaving.query(`INSERT INTO t VALUES (21, '{}')`);
    await leaving.end();
    const afterLeaving = await count();
    // Assess
    expect(afterIdle).toBe(0);
    expect(await idleNext).toBeInstanceOf(Error);
    expect(afterLeaving).toBe(0);
  });

  it("resets the shared session's settings when the last client leaves", async () => {
    // Prepare
    const client = await connect();
    await client.query("SET application_name = 'analyst'");
    // Act
    const during = await sql.query<{ a: string }>("SELECT current_setting('application_name') AS a");
    await client.end();
    await sleep(50);
    const after = await sql.query<{ a: string }>("SELECT current_setting('application_name') AS a");
    // Assess
    expect(during.rows[0]?.a).toBe('analyst');
    expect(after.rows[0]?.a).not.toBe('analyst');
  });
});
