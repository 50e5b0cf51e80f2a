import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { migrate } from '#adapters/postgres/migrations';
import type { ReplicaRow } from '#adapters/postgres/replica-row';
import { insertHeartbeats, upsertDecisions } from '#adapters/postgres/replica-writer';
import { expectedRows, readDecisionRows, rowVersions } from './replica-rows.ts';
import { openTarget, replicaTargets, type TargetDatabase } from './targets.ts';

const latest = (versions: ReplicaRow[]): ReplicaRow => versions[versions.length - 1] as ReplicaRow;

describe.each(replicaTargets())('replica writer on %s', (target) => {
  let db: TargetDatabase;
  beforeAll(async () => {
    db = await openTarget(target);
    await migrate(db.client);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.client.query('DELETE FROM ai_decisions');
    await db.client.query('DELETE FROM appliance_heartbeats');
  });

  it('writes a row that reads back column for column', async () => {
    // Prepare
    const row: ReplicaRow = {
      ...latest(rowVersions({ failed: true })),
      execution_errors: ['a "quoted", \\ back-slashed {brace}', 'NULL', '', 'ünïcødé ✓'],
      correct_intent: { action: 'dns.add_record', parameters: { nested: { list: [1, 'two', null] } } },
    };
    // Act
    const result = await upsertDecisions(db.client, [row]);
    // Assess
    expect(result).toEqual({ written: 1, unchanged: 0 });
    expect(await readDecisionRows(db.client)).toEqual(expectedRows([row]));
  });

  it('replaces a row by a higher version only; older and equal versions change nothing', async () => {
    // Prepare
    const versions = rowVersions();
    await upsertDecisions(db.client, [versions[1] as ReplicaRow]);
    // Act
    const older = await upsertDecisions(db.client, [versions[0] as ReplicaRow]);
    const same = await upsertDecisions(db.client, [versions[1] as ReplicaRow]);
    const newer = await upsertDecisions(db.client, [latest(versions)]);
    // Assess
    expect([older, same, newer]).toEqual([
      { written: 0, unchanged: 1 },
      { written: 0, unchanged: 1 },
      { written: 1, unchanged: 0 },
    ]);
    expect(await readDecisionRows(db.client)).toEqual(expectedRows([latest(versions)]));
  });

  it('converges to the highest version of each decision for any order, batching and duplication', async () => {
    // Prepare
    const decisions = [
      rowVersions(),
      rowVersions({ executionFirst: true, failed: true }),
      rowVersions({ customerId: 'globex' }),
    ];
    const all = decisions.flat();
    const expected = expectedRows(decisions.map(latest));
    const deliveries = fc
      .tuple(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.array(fc.constantFrom(...all), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
      )
      .map(([everyRow, replays, sizes, positions]) => {
        const sequence = [...everyRow];
        replays.forEach((r, i) => {
          sequence.splice((positions[i] ?? 0) % (sequence.length + 1), 0, r);
        });
        const batches: ReplicaRow[][] = [];
        for (let at = 0, i = 0; at < sequence.length; i += 1) {
          const size = sizes[i % sizes.length] as number;
          batches.push(sequence.slice(at, at + size));
          at += size;
        }
        return batches;
      });
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(deliveries, async (batches) => {
        await db.client.query('DELETE FROM ai_decisions');
        for (const batch of batches) await upsertDecisions(db.client, batch);
        expect(await readDecisionRows(db.client)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps two tenants that use the same decision id apart', async () => {
    // Prepare
    const decisionId = randomUUID();
    const acme = latest(rowVersions({ decisionId, customerId: 'acme' }));
    const globex = rowVersions({ decisionId, customerId: 'globex' })[0] as ReplicaRow;
    // Act
    const result = await upsertDecisions(db.client, [acme, globex]);
    // Assess
    expect(result.written).toBe(2);
    expect(await readDecisionRows(db.client)).toEqual(expectedRows([acme, globex]));
  });

  it('splits large batches into statements under the parameter limit', async () => {
    // Prepare: 2,500 rows × 27 columns = 67,500 parameters, above PostgreSQL's 65,535
    const base = rowVersions()[0] as ReplicaRow;
    const rows = Array.from({ length: 2_500 }, () => ({ ...base, id: randomUUID(), playbook_yaml: null }));
    // Act
    const result = await upsertDecisions(db.client, rows);
    // Assess
    expect(result).toEqual({ written: 2_500, unchanged: 0 });
    const { rows: counted } = await db.client.query<{ n: number }>('SELECT count(*) AS n FROM ai_decisions');
    expect(counted[0]?.n).toBe(2_500);
  });

  it('answers an analyst’s plain SQL against the §5 columns', async () => {
    // Prepare
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const rows = [rowVersions(), rowVersions({ failed: true }), rowVersions({ failed: true })]
      .map(latest)
      .map((r, i) => ({ ...r, timestamp: minutesAgo(i + 1) }));
    const old = { ...(rowVersions()[0] as ReplicaRow), timestamp: '2020-01-01T00:00:00.000Z' };
    await upsertDecisions(db.client, [...rows, old]);
    // Act
    const { rows: byStatus } = await db.client.query<{
      execution_status: string | null;
      count: number;
      avg: number;
    }>(
      `SELECT execution_status, count(*), avg(confidence) FROM ai_decisions
       WHERE timestamp > now() - interval '1 day' GROUP BY 1 ORDER BY 1`,
    );
    const { rows: errors } = await db.client.query<{ n: number }>(
      `SELECT count(*) AS n FROM ai_decisions WHERE cardinality(execution_errors) > 0
       AND parsed_intent->>'action' = 'dns.add_record' AND user_feedback = 'thumbs_down' AND human_verified`,
    );
    // Assess
    const failed = rows.filter((r) => r.execution_status === 'failed');
    expect(byStatus.map((r) => ({ ...r, count: Number(r.count), avg: Number(r.avg) }))).toEqual([
      {
        execution_status: 'failed',
        count: failed.length,
        avg: expect.closeTo(failed[0]?.confidence ?? 0, 9),
      },
      { execution_status: 'success', count: 1, avg: expect.closeTo(rows[0]?.confidence ?? 0, 9) },
    ]);
    expect(errors[0]?.n).toBe(failed.length);
  });

  it('inserts each heartbeat once; replays and in-batch repeats are counted as duplicates', async () => {
    // Prepare
    const hb = (minute: number, applianceId = 'ucs-1'): HeartbeatRow => ({
      customer_id: 'acme',
      appliance_id: applianceId,
      sent_at: new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString(),
      cpu_percent: 10 + minute,
      memory_percent: 40.5,
      disk_percent: 63,
      services: { named: 'up', 'step-ca': 'down' },
      agent_version: '2.4.1',
      received_at: new Date(Date.UTC(2026, 10, 21, 10, minute, 1)).toISOString(),
    });
    const rows = [hb(0), hb(1), hb(1, 'ucs-2')];
    // Act
    const first = await insertHeartbeats(db.client, [...rows, hb(0)]);
    const replay = await insertHeartbeats(db.client, rows);
    // Assess
    expect(first).toEqual({ inserted: 3, duplicates: 1 });
    expect(replay).toEqual({ inserted: 0, duplicates: 3 });
    const { rows: stored } = await db.client.query<{ r: unknown }>(
      'SELECT to_jsonb(h) AS r FROM appliance_heartbeats h ORDER BY appliance_id, sent_at',
    );
    const read = stored.map(
      ({ r }) => (typeof r === 'string' ? JSON.parse(r) : r) as Record<string, unknown>,
    );
    expect(
      read.map((r) => ({
        ...r,
        sent_at: new Date(String(r.sent_at)).toISOString(),
        received_at: new Date(String(r.received_at)).toISOString(),
      })),
    ).toEqual(rows);
  });
});
