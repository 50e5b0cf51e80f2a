/**
 * `aiops-obs redrive` on the local stack's dead letters, with real parts: the local pipeline
 * on DynamoDB Local's streams, the replica (PGlite served over the PostgreSQL protocol, or
 * PostgreSQL with DATABASE_URL) and the metrics table. The command runs as it does after
 * `npm start`: it finds the stack through its state and opens its own connections.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Runtime } from '#runtime/runtime';
import { type LocalState, writeLocalState } from '../../../lib/cli/local-state.ts';
import { serveLocalReplica } from '../../../lib/local/pglite-server/serve-replica.ts';
import type { PgliteServer } from '../../../lib/local/pglite-server/server.ts';
import { type LocalPipeline, startLocalPipeline } from '../../../lib/local/pipeline.ts';
import { type RedriveCommandOptions, runRedriveCommand } from '../../../lib/redrive/redrive-cli.ts';
import { type FreshTables, freshTables, testRuntime } from '../../support/dynamodb.ts';
import { FaultPlan } from '../../support/faults/fault-plan.ts';
import { injectFoldFaults } from '../../support/faults/faulty-aggregates.ts';
import { type TestReplica, testReplica } from '../../support/runtime.ts';
import { putDecisionItems, storedDecision } from '../../support/stored-decisions.ts';

const NO_RETRY = { maximumRetryAttempts: 0, retryBaseDelayMs: 10, retryMaxDelayMs: 10 };
const CLI = resolve('bin/aiops-obs.js');

/** Runs the command in this process; answers its counts by queue and what it printed. */
async function redriveLocal(state: LocalState, options: RedriveCommandOptions = {}) {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const counts = await runRedriveCommand({ local: true, ...options }, { out, localState: async () => state });
  return { text, counts: Object.fromEntries(counts.map(({ queue, ...c }) => [queue, c])) };
}

const none = { found: 0, replayed: 0, stillFailing: 0, left: 0 };

describe('aiops-obs redrive on the local stack', () => {
  let fresh: FreshTables;
  let pipeline: LocalPipeline;
  let served: PgliteServer | undefined;
  let state: LocalState;
  let runtime: Runtime;
  const replica: TestReplica = testReplica();

  beforeAll(async () => {
    fresh = await freshTables();
    runtime = await testRuntime(fresh);
    pipeline = await startLocalPipeline({
      runtime,
      database: replica.database,
      endpoint: inject('dynamodbEndpoint'),
      tablePrefix: fresh.prefix,
      retry: NO_RETRY,
    });
    // As the local stack does: the embedded replica served for other processes (none on DATABASE_URL).
    served = await serveLocalReplica(replica.database, process.env, 0);
    state = {
      url: 'http://127.0.0.1:9',
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tablePrefix: fresh.prefix,
      pid: process.pid,
      ...(served ? { replicaUrl: served.url } : {}),
    };
  });
  afterAll(async () => {
    await pipeline?.stop();
    await served?.close();
    await replica.close();
    runtime?.documents.destroy();
  });

  it('replays a refused row once its cause is fixed: there once, exact counts; again and dry runs change nothing', {
    timeout: 90_000,
  }, async () => {
    // Prepare: the replica refuses one appliance's rows (a CHECK constraint: SQLSTATE 23514)
    const db = await replica.database();
    const tag = randomBytes(4).toString('hex');
    const appliance = `appl-refused-${tag}`;
    await db.query(
      `ALTER TABLE ai_decisions ADD CONSTRAINT redrive_${tag} CHECK (appliance_id <> '${appliance}')`,
    );
    const refused = storedDecision('globex', { decision: { applianceId: appliance } });
    const items = [storedDecision('acme'), refused, storedDecision('acme')];
    await putDecisionItems(fresh.client, fresh.tables.decisions, items);
    await pipeline.drained(30_000);
    // A second copy of the dead letter, as an at-least-once queue may hold one
    const [letter] = await pipeline.queues.list('replica-records');
    await pipeline.queues.send('replica-records', letter?.body as string);
    const rowOf = async () =>
      (
        await db.query<{ version: number; updated_at: unknown }>(
          'SELECT version, updated_at FROM ai_decisions WHERE id = $1::uuid',
          [refused.decisionId],
        )
      ).rows;
    const queued = async () => (await pipeline.queues.list('replica-records')).map((m) => m.id);
    const before = { rows: await rowOf(), queued: await queued() };

    // Act
    const dry = await redriveLocal(state, { dryRun: true });
    const afterDry = { rows: await rowOf(), queued: await queued() };
    const tooEarly = await redriveLocal(state);
    const afterTooEarly = { rows: await rowOf(), queued: await queued() };
    await db.query(`ALTER TABLE ai_decisions DROP CONSTRAINT redrive_${tag}`);
    const fixed = await redriveLocal(state);
    const afterFix = await rowOf();
    const again = await redriveLocal(state);
    const afterAgain = await rowOf();

    // Assess: the row was refused alone, its neighbours written
    expect(before.rows).toEqual([]);
    expect(before.queued).toHaveLength(2);
    const { rows: neighbours } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ai_decisions WHERE id = ANY($1::uuid[])',
      [[items[0]?.decisionId, items[2]?.decisionId]],
    );
    expect(neighbours[0]?.n).toBe(2);
    // Assess: a dry run lists and changes nothing
    expect(dry.counts['replica-records']).toEqual({ found: 2, replayed: 0, stillFailing: 0, left: 2 });
    expect(dry.text).toContain(
      `would replay   replica-records  replica: INSERT pk=globex#${refused.decisionId}`,
    );
    expect(dry.text).toContain('data 23514');
    expect(afterDry).toEqual(before);
    // Assess: before the fix, both still fail and stay
    expect(tooEarly.counts['replica-records']).toEqual({ found: 2, replayed: 0, stillFailing: 2, left: 2 });
    expect(tooEarly.text).toMatch(
      /still failing +replica-records .*data 23514.*\n +and fails the same way again/,
    );
    expect(afterTooEarly).toEqual(before);
    // Assess: after the fix, the row is there once and both copies are gone
    expect(fixed.counts).toEqual({
      'aggregator-decisions': none,
      'replica-decisions': none,
      'replica-appliances': none,
      'aggregator-records': none,
      'replica-records': { found: 2, replayed: 2, stillFailing: 0, left: 0 },
    });
    expect(afterFix).toEqual([{ version: refused.version, updated_at: expect.anything() }]);
    expect(await queued()).toEqual([]);
    // Assess: again, nothing to replay and nothing changes
    expect(Object.values(again.counts)).toEqual(Array(5).fill(none));
    expect(afterAgain).toEqual(afterFix);
  });

  it('replays batches the aggregator gave up, from the stream, counting each record once however often', {
    timeout: 90_000,
  }, async () => {
    // Prepare: the metrics table fails every fold (no retry left), so the aggregator gives the batches up
    const action = `redrive.t${randomBytes(3).toString('hex')}`;
    const series = `aiops_requests_total{action="${action}",status="success"}`;
    const decision = { intent: { action, parameters: {} } };
    const outage = new FaultPlan({ seed: 5 });
    void outage.outage(60_000); // ended by recover()
    const restore = injectFoldFaults(runtime.aggregates, outage);
    try {
      await putDecisionItems(fresh.client, fresh.tables.decisions, [
        storedDecision('acme', { decision }),
        storedDecision('globex', { decision }),
        storedDecision('acme', { decision }),
      ]);
      await pipeline.drained(30_000);
    } finally {
      outage.recover();
      restore();
    }
    const given = await pipeline.queues.list('aggregator-decisions');
    // One given-up batch twice, as if a redrive had stopped between replaying it and deleting it
    await pipeline.queues.send('aggregator-decisions', given[0]?.body as string);
    const total = async () => (await runtime.aggregates.totals(['aiops_requests_total'])).get(series);
    const before = await total();

    // Act
    const replayed = await redriveLocal(state, { queue: ['aggregator-decisions'] });
    const once = await total();
    const again = await redriveLocal(state, { queue: ['aggregator-decisions'] });

    // Assess
    expect(given.length).toBeGreaterThan(0);
    expect(before).toBeUndefined();
    expect(replayed.counts).toEqual({
      'aggregator-decisions': {
        found: given.length + 1,
        replayed: given.length + 1,
        stillFailing: 0,
        left: 0,
      },
    });
    expect(once).toBe(3);
    expect(again.counts).toEqual({ 'aggregator-decisions': none });
    expect(await total()).toBe(3);
  });

  it('runs from the command line: finds the stack by its state file, lists in a dry run, exits 0', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const cwd = await mkdtemp(join(tmpdir(), 'redrive-cli-'));
    await writeLocalState(state, join(cwd, '.aiops', 'local.json'));
    await pipeline.queues.send('aggregator-records', 'not a dead letter');

    // Act
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [CLI, 'redrive', '--dry-run', '--queue', 'aggregator-records'],
        { cwd },
        (e, o, er) => done({ code: e ? Number(e.code ?? 1) : 0, stdout: o, stderr: er }),
      ),
    );
    await rm(cwd, { recursive: true, force: true });

    // Assess
    expect(run.stderr).not.toContain('aiops-obs:');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run, nothing is replayed or deleted');
    expect(run.stdout).toContain('not replayable aggregator-records');
    expect(run.stdout).toMatch(/aggregator-records +1 +1\ntotal +1 +1\n$/);
    expect(await pipeline.queues.count('aggregator-records')).toBe(1);
  });
});
