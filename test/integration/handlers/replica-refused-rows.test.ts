/**
 * The replica handler on a batch holding a row PostgreSQL refuses, on every SQL target
 * (PGlite, PostgreSQL with DATABASE_URL, the Data API adapter against the loopback Data API):
 * the refused record goes alone to the dead letters, the rest is written; a failure that may
 * pass (a lost connection, a dead-letter queue that refuses) fails the whole batch instead.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { migrate } from '#adapters/postgres/migrations';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { createReplicaHandler } from '#handlers/replica';
import type { Runtime } from '#runtime/runtime';
import type { DeadLetterSink } from '#streams/record-dead-letters';
import { lambdaContext } from '../../../lib/local/gateway/lambda-context.ts';
import { FaultPlan } from '../../support/faults/fault-plan.ts';
import { withSqlFaults } from '../../support/faults/faulty-sql-client.ts';
import { tablelessRuntime } from '../../support/runtime.ts';
import { collectingSink, insertRecords, storedDecision } from '../../support/stored-decisions.ts';
import { openTarget, replicaTargets, type TargetDatabase } from '../adapters/postgres/targets.ts';

/** A fresh invocation context each time: its 29 s budget starts at the call, not at the file's import. */
const context = () => lambdaContext('replica');
const tooManyTokens = (item: DecisionItem) => {
  (item.llm as { inputTokens: number }).inputTokens = 2 ** 31;
};

describe.each(replicaTargets())('the replica handler on %s, one row refused', (target) => {
  let db: TargetDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await tablelessRuntime();
    db = await openTarget(target);
    await migrate(db.client);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.client.query('DELETE FROM ai_decisions');
  });

  /** Two tenants' decisions with one unwritable row (acme's third) between them. */
  const batch = () => {
    const items = [
      storedDecision('acme'),
      storedDecision('acme'),
      storedDecision('acme', { tamper: tooManyTokens }),
      storedDecision('globex'),
      storedDecision('globex'),
    ];
    const event: DynamoDBStreamEvent = { Records: insertRecords(items) };
    return { items, event, bad: items[2] as DecisionItem, badRecord: event.Records[2] };
  };
  const storedIds = async () =>
    (
      await db.client.query<{ id: string; customer_id: string }>(
        'SELECT id::text AS id, customer_id FROM ai_decisions ORDER BY customer_id, id',
      )
    ).rows;
  const idsOf = (items: DecisionItem[]) =>
    items
      .map((i) => ({ id: i.decisionId, customer_id: i.customerId }))
      .sort((a, b) => a.customer_id.localeCompare(b.customer_id) || (a.id < b.id ? -1 : 1));

  /** The replica handler on this file's runtime, with the lag gauge left alone (replayed records). */
  const replicaHandler = (database: () => Promise<SqlClient>, deadLetters: DeadLetterSink) =>
    createReplicaHandler({ runtime, database, deadLetters, recordLag: false });

  it('writes every other row and sets the refused record aside alone, with its SQLSTATE', async () => {
    // Prepare
    const { items, event, bad, badRecord } = batch();
    const dead = collectingSink();
    const handler = replicaHandler(async () => db.client, dead.sink);

    // Act
    const response = await handler(event, context());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await storedIds()).toEqual(idsOf(items.filter((i) => i !== bad)));
    expect(dead.letters).toEqual([
      {
        type: 'aiops.stream-record-dead-letter',
        version: 1,
        consumer: 'replica',
        failedAt: expect.any(String),
        failure: { kind: 'data', code: '22003', message: expect.stringContaining('out of range') },
        record: badRecord,
      },
    ]);
  });

  it('fails the batch when the connection is lost while it isolates the row, and sets nothing aside', async () => {
    // Prepare: the multi-row upsert is refused for its data (call 1); the first row on its own meets a lost connection (call 2)
    const { items, event, bad } = batch();
    const dead = collectingSink();
    const faults = new FaultPlan({ seed: 7, forceBeforeAt: [2] });
    const flaky = replicaHandler(async () => withSqlFaults(db.client, faults), dead.sink);
    const retried = replicaHandler(async () => db.client, dead.sink);

    // Act
    const first = await flaky(event, context()).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    const lettersAfterFirst = dead.letters.length;
    const second = await retried(event, context());

    // Assess: the first call failed whole (Lambda retries the batch); the retry isolates the row
    expect(first).toMatch(/Connection terminated/);
    expect(lettersAfterFirst).toBe(0);
    expect(second).toEqual({ batchItemFailures: [] });
    expect(dead.letters.map((l) => l.record.dynamodb?.SequenceNumber)).toEqual([
      event.Records[2]?.dynamodb?.SequenceNumber,
    ]);
    expect(await storedIds()).toEqual(idsOf(items.filter((i) => i !== bad)));
  });

  it('fails the batch when the dead-letter queue refuses, and writes each row once on the retry', async () => {
    // Prepare
    const { items, event, bad } = batch();
    const dead = collectingSink();
    const refusing = replicaHandler(async () => db.client, {
      send: async () => {
        throw new Error('SQS: ServiceUnavailable');
      },
    });
    const retried = replicaHandler(async () => db.client, dead.sink);

    // Act
    const first = await refusing(event, context()).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await retried(event, context());

    // Assess
    expect(first).toBe('SQS: ServiceUnavailable');
    expect(dead.letters).toHaveLength(1);
    const { rows } = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM ai_decisions');
    expect(rows[0]?.n).toBe(items.length - 1);
    expect(await storedIds()).toEqual(idsOf(items.filter((i) => i !== bad)));
  });
});
