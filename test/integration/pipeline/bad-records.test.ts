/**
 * Issue 12 §5: one record that cannot be written must not take its neighbours down. Items are
 * written straight into DynamoDB Local (past the API, which refuses such values), among two
 * tenants' good decisions, and read by the local pipeline's real consumers: the replica into
 * PGlite (or PostgreSQL with DATABASE_URL), the aggregator into the metrics table.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import type { Runtime } from '#runtime/runtime';
import { type LocalPipeline, startLocalPipeline } from '../../../lib/local/pipeline.ts';
import { type FreshTables, freshTables, testRuntime } from '../../support/dynamodb.ts';
import { type TestReplica, testReplica } from '../../support/runtime.ts';
import { putDecisionItems, storedDecision } from '../../support/stored-decisions.ts';

/** A short budget: a batch that fails is retried twice, then given up. */
const RETRY = { maximumRetryAttempts: 2, retryBaseDelayMs: 20, retryMaxDelayMs: 50 };

const tokens = (n: number) => (item: DecisionItem) => {
  (item.llm as { inputTokens: number }).inputTokens = n;
};

describe('a record that cannot be written, among other tenants’ records', () => {
  let fresh: FreshTables;
  let pipeline: LocalPipeline;
  let runtime: Runtime;
  let replica: TestReplica;

  beforeAll(async () => {
    fresh = await freshTables();
    runtime = await testRuntime(fresh);
    replica = testReplica();
    pipeline = await startLocalPipeline({
      runtime,
      database: replica.database,
      endpoint: inject('dynamodbEndpoint'),
      tablePrefix: fresh.prefix,
      retry: RETRY,
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await replica?.close();
    runtime?.documents.destroy();
  });

  it('dead-letters each alone with its body, writes every other record, and retries nothing', async () => {
    // Prepare: 12 good decisions of two tenants; in between, two rows PostgreSQL refuses
    // (an integer out of range: SQLSTATE 22003; a NUL character: 22021) and a decision the
    // aggregator cannot derive (a negative duration)
    const good = (tenant: string) => Array.from({ length: 6 }, () => storedDecision(tenant));
    const tooManyTokens = storedDecision('acme', { tamper: tokens(2 ** 31) });
    const nul = storedDecision('globex', {
      tamper: (item) => {
        item.query = 'add an A record\u0000 for printer3';
      },
    });
    const negative = storedDecision('acme', {
      tamper: (item) => {
        (item.execution as { durationSeconds: number }).durationSeconds = -1;
      },
    });
    const acme = good('acme');
    const globex = good('globex');
    const items = [...acme.slice(0, 3), tooManyTokens, ...globex.slice(0, 3), nul, negative];
    items.push(...acme.slice(3), ...globex.slice(3));

    // Act
    await putDecisionItems(fresh.client, fresh.tables.decisions, items);
    await pipeline.drained(60_000);

    // Assess: no batch failed, so nothing waited for retries and nothing was given up whole
    const stats = pipeline.stats();
    for (const name of ['replica@decisions', 'aggregator@decisions'])
      expect({ name, ...stats[name] }).toMatchObject({ name, retries: 0, bisections: 0, failedBatches: 0 });
    expect(await pipeline.deadLetters.list()).toEqual([]);
    // Assess: each refused record is alone in its consumer's dead letters, with its whole item
    const refused = async (consumer: 'replica' | 'aggregator') =>
      (await pipeline.refusedRecords(consumer)).map((letter) => ({
        item: unmarshall(letter.record.dynamodb?.NewImage as never),
        failure: letter.failure,
      }));
    expect(await refused('replica')).toEqual([
      {
        item: tooManyTokens,
        failure: { kind: 'data', code: '22003', message: expect.stringContaining('out of range') },
      },
      { item: nul, failure: { kind: 'data', code: '22021', message: expect.any(String) } },
    ]);
    expect(await refused('aggregator')).toEqual([
      {
        item: negative,
        failure: { kind: 'derivation', message: expect.stringContaining('execution.durationSeconds') },
      },
    ]);
    // Assess: every other record is written, for both tenants
    const { rows } = await (await replica.database()).query<{ id: string }>(
      'SELECT id::text AS id FROM ai_decisions WHERE id = ANY($1::uuid[]) ORDER BY id',
      [items.map((i) => i.decisionId)],
    );
    const writable = items.filter((i) => i !== tooManyTokens && i !== nul);
    expect(rows.map((r) => r.id)).toEqual(writable.map((i) => i.decisionId).sort());
    const totals = await runtime.aggregates.totals(['aiops_requests_total']);
    expect(totals).toEqual(
      new Map([['aiops_requests_total{action="dns.add_record",status="success"}', items.length - 1]]),
    );
    expect(await pipeline.deadLetterCounts()).toEqual(
      new Map([
        ['aggregator-decisions', 0],
        ['replica-decisions', 0],
        ['replica-appliances', 0],
        ['aggregator-records', 1],
        ['replica-records', 2],
      ]),
    );
  });
});
