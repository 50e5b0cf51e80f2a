import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SqlClient } from '#adapters/postgres/sql-client';
import type { Runtime } from '#runtime/runtime';
import { startLocalPipeline } from '../../../lib/local/pipeline.ts';
import { type FreshTables, freshTables, testRuntime } from '../../support/dynamodb.ts';
import { FaultPlan } from '../../support/faults/fault-plan.ts';
import { withSqlFaults } from '../../support/faults/faulty-sql-client.ts';
import { type TestReplica, testReplica } from '../../support/runtime.ts';
import { putDecisionItems, storedDecision } from '../../support/stored-decisions.ts';

const NO_RETRY = { maximumRetryAttempts: 0, retryBaseDelayMs: 10, retryMaxDelayMs: 10 };

describe('the local pipeline counts its dead letters by the queue names used in AWS', () => {
  let fresh: FreshTables;
  let dataDir: string;
  let runtime: Runtime;
  let replica: TestReplica;
  beforeAll(async () => {
    fresh = await freshTables();
    dataDir = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    runtime = await testRuntime(fresh);
    replica = testReplica();
  });
  afterAll(async () => {
    await replica?.close();
    runtime?.documents.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts at 0, counts records set aside and a batch given up, and still counts them after a restart', async () => {
    // Prepare
    const real = await replica.database();
    let current: SqlClient = real;
    const options = {
      runtime,
      database: async () => current,
      endpoint: inject('dynamodbEndpoint'),
      tablePrefix: fresh.prefix,
      dataDir,
      retry: NO_RETRY,
    };
    const pipeline = await startLocalPipeline(options);
    const before = Object.fromEntries(await pipeline.deadLetterCounts());

    // Act: a decision item neither consumer can read (a decision section without its numbers, no id)
    await fresh.client.send(
      new PutItemCommand({
        TableName: fresh.tables.decisions,
        Item: { pk: { S: 'broken#1' }, decisionHash: { S: 'h' } },
      }),
    );
    await pipeline.drained(30_000);
    // Act: then a good decision while PostgreSQL refuses every connection, with no retry left
    const down = new FaultPlan({ seed: 1 });
    void down.outage(60_000); // ended by recover()
    current = withSqlFaults(real, down);
    try {
      await putDecisionItems(fresh.client, fresh.tables.decisions, [storedDecision('acme')]);
      await pipeline.drained(30_000);
    } finally {
      down.recover();
      current = real;
    }
    const after = Object.fromEntries(await pipeline.deadLetterCounts());
    await pipeline.stop();
    const restarted = await startLocalPipeline(options);
    const again = Object.fromEntries(await restarted.deadLetterCounts());
    await restarted.stop();

    // Assess
    expect(before).toEqual({
      'aggregator-decisions': 0,
      'replica-decisions': 0,
      'replica-appliances': 0,
      'aggregator-records': 0,
      'replica-records': 0,
    });
    expect(after).toEqual({
      'aggregator-decisions': 0,
      'replica-decisions': 1,
      'replica-appliances': 0,
      'aggregator-records': 1,
      'replica-records': 1,
    });
    expect(again).toEqual(after);
  });
});
