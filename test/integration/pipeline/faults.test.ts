/**
 * Issue 3 item 7: thousands of decisions through the API and the stream pipeline with faults
 * injected into real parts: the replica's PostgreSQL client fails now and then (before or
 * after the statement) and refuses every call for a while (an outage); the aggregator's fold
 * fails now and then, before it writes or after its transaction committed; Prometheus is
 * stopped mid-load. After recovery every accepted decision must be in PostgreSQL exactly
 * once with its latest state, every counter must equal the true count, and nothing may be
 * left in the dead letters (an injected fault is a failure that may pass: the batch is
 * retried, no record is set aside for it).
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { exportOnce } from '#adapters/metrics-export';
import { metricsSourceOf } from '#runtime/metrics-source';
import { type LocalPipeline, startLocalPipeline } from '../../../lib/local/pipeline.ts';
import { FaultPlan } from '../../support/faults/fault-plan.ts';
import { injectFoldFaults } from '../../support/faults/faulty-aggregates.ts';
import { withSqlFaults } from '../../support/faults/faulty-sql-client.ts';
import { sendWorkload } from '../../support/faults/send-workload.ts';
import { planWorkload, trueCounts } from '../../support/faults/workload.ts';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { type TestReplica, testReplica } from '../../support/runtime.ts';

/**
 * 3,000 by default: DynamoDB Local takes about 40 decisions a second (with their executions and
 * feedback) on a 2-CPU machine, so the 10,000 (`FAULT_TEST_DECISIONS=10000`) needs about
 * 5 minutes there; the faults and assertions are the same at any size.
 */
const DECISIONS = Number(process.env.FAULT_TEST_DECISIONS ?? 3_000);
/** Load time (about 30 ms a decision here) with a wide margin, never under 170 s. */
const TIMEOUT_MS = Math.max(170_000, DECISIONS * 60);
const SEED = 20_260_403;
const OUTAGE_MS = 5_000;
/**
 * Per record, a 5 s outage needs retries spanning more than 5 s: 50 ms doubling to 1 s over
 * 12 retries waits 50+100+200+400+800+7×1000 = 8.55 s. Random faults alone then lose a record
 * only after 13 failures in a row: 0.06^13 ≈ 1e-16.
 */
const RETRY = { maximumRetryAttempts: 12, retryBaseDelayMs: 50, retryMaxDelayMs: 1_000 };

const api = useTestApi({}, { pipeline: false });

describeWithPrometheus('the pipeline under injected faults', () => {
  let pipeline: LocalPipeline;
  const prometheus: RunningPrometheus[] = [];
  const sqlFaults = new FaultPlan({
    seed: SEED,
    beforeRate: 0.05,
    afterRate: 0.01,
    forceBeforeAt: [2],
    forceAfterAt: [3],
  });
  const foldFaults = new FaultPlan({
    seed: SEED + 1,
    beforeRate: 0.03,
    afterRate: 0.02,
    forceBeforeAt: [2],
    forceAfterAt: [3],
  });
  let restore: (() => void)[] = [];
  const replica: TestReplica = testReplica();

  beforeAll(async () => {
    // The real database (PostgreSQL with DATABASE_URL, else PGlite), migrated, behind the faults.
    const faulty = withSqlFaults(await replica.database(), sqlFaults);
    restore = [injectFoldFaults(api.runtime.aggregates, foldFaults)];
    pipeline = await startLocalPipeline({
      runtime: api.runtime,
      database: async () => faulty,
      endpoint: inject('dynamodbEndpoint'),
      tablePrefix: api.tablePrefix,
      retry: RETRY,
    });
    prometheus.push(await startPrometheus());
  });
  afterAll(async () => {
    await pipeline?.stop();
    for (const r of restore) r();
    await replica.close();
    await Promise.all(prometheus.map((p) => p.stop()));
  });

  it('converges: every accepted decision once in PostgreSQL, exact counters, no dead letters', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const source = metricsSourceOf(api.runtime);
    const started = Date.now();
    // Prepare
    const plan = planWorkload(SEED, DECISIONS);
    const batches = Math.ceil(DECISIONS / 100);
    let outageOver: Promise<void> = Promise.resolve();
    const exports: Promise<{ when: string; failures: number; samples: number }>[] = [];
    const exportTo = (when: string, url: string) =>
      exports.push(
        exportOnce(source, { url }).then((s) => ({ when, failures: s.failures.length, samples: s.samples })),
      );
    // Act: the load, with the outages started part-way through it
    const sent = await sendWorkload(api.request, plan, {
      batchSize: 100,
      batches: 3,
      concurrency: 8,
      onBatch: (i) => {
        if (i === Math.floor(batches / 4))
          exportTo('before Prometheus stopped', (prometheus[0] as RunningPrometheus).remoteWriteUrl);
        if (i === Math.floor(batches / 3)) outageOver = sqlFaults.outage(OUTAGE_MS);
        if (i === Math.floor(batches / 2)) {
          const down = prometheus[0] as RunningPrometheus;
          exports.push(
            down.stop().then(async () => {
              const s = await exportOnce(source, { url: down.remoteWriteUrl });
              return { when: 'while Prometheus was down', failures: s.failures.length, samples: s.samples };
            }),
          );
        }
      },
    });
    const loadedAt = Date.now();
    await outageOver;
    sqlFaults.recover();
    foldFaults.recover();
    await pipeline.drained(Math.max(120_000, DECISIONS * 12));
    const drainedAt = Date.now();
    const fresh = await startPrometheus();
    prometheus.push(fresh);
    const final = await exportOnce(source, { url: fresh.remoteWriteUrl });
    const earlier = await Promise.all(exports);
    // Assess: what the API accepted
    expect(sent.refused).toEqual([]);
    expect(sent.accepted).toHaveLength(DECISIONS);
    // Assess: PostgreSQL holds each accepted decision once, in its latest state
    const db = await replica.database();
    const ids = sent.accepted.map((d) => d.id);
    const { rows } = await db.query<{
      id: string;
      n: number;
      status: string | null;
      feedback: string | null;
    }>(
      `SELECT id::text AS id, count(*)::int AS n, min(execution_status) AS status, min(user_feedback) AS feedback
       FROM ai_decisions WHERE id = ANY($1::uuid[]) GROUP BY id`,
      [ids],
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    const mismatches = sent.accepted.filter((d) => {
      const row = stored.get(d.id);
      return row?.n !== 1 || row.status !== d.status || row.feedback !== (d.rating ?? null);
    });
    expect(mismatches.map((d) => ({ id: d.id, want: [d.status, d.rating], got: stored.get(d.id) }))).toEqual(
      [],
    );
    expect(rows).toHaveLength(DECISIONS);
    // Assess: Prometheus, fed after recovery, carries the true totals
    const truth = trueCounts(sent.accepted);
    const byLabels = async (query: string, labels: string[]) =>
      new Map((await fresh.query(query)).map((s) => [labels.map((l) => s.metric[l]).join('|'), s.value]));
    expect(final.failures).toEqual([]);
    expect(await byLabels('sum by (action, status) (aiops_requests_total)', ['action', 'status'])).toEqual(
      truth.requests,
    );
    expect(await byLabels('sum by (rating) (aiops_feedback_total)', ['rating'])).toEqual(truth.feedback);
    expect(await byLabels('sum by (action) (aiops_llm_confidence_score_count)', ['action'])).toEqual(
      truth.confidence,
    );
    // Assess: the faults happened, were reported where they should be, and left nothing behind
    expect(earlier.find((e) => e.when === 'before Prometheus stopped')?.failures).toBe(0);
    expect(earlier.find((e) => e.when === 'while Prometheus was down')?.failures).toBeGreaterThan(0);
    const sql = sqlFaults.stats();
    const fold = foldFaults.stats();
    expect([sql.before, sql.after, sql.refused, fold.before, fold.after].every((n) => n > 0)).toBe(true);
    expect(await pipeline.deadLetters.list()).toEqual([]);
    // Every fault was one that may pass: no record was set aside as its own failure
    expect(await pipeline.refusedRecords('replica')).toEqual([]);
    expect(await pipeline.refusedRecords('aggregator')).toEqual([]);
    const stats = pipeline.stats();
    process.stdout.write(
      `${JSON.stringify({
        decisions: DECISIONS,
        requests: sent.requests,
        loadMs: loadedAt - started,
        drainMs: drainedAt - loadedAt,
        totalMs: Date.now() - started,
        faults: { sql, fold },
        exports: earlier,
        mappings: Object.fromEntries(
          Object.entries(stats).map(([name, s]) => [
            name,
            {
              invocations: s.invocations,
              retries: s.retries,
              bisections: s.bisections,
              partialFailures: s.partialFailures,
              failedBatches: s.failedBatches,
            },
          ]),
        ),
      })}\n`,
    );
  });
});
