import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalPipeline } from '../../../lib/local/pipeline.ts';
import { type FreshTables, freshTables } from '../../support/dynamodb.ts';

const NO_RETRY = { maximumRetryAttempts: 0, retryBaseDelayMs: 10, retryMaxDelayMs: 10 };

describe('the local pipeline counts its dead letters by the queue names used in AWS', () => {
  let fresh: FreshTables;
  let dataDir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    fresh = await freshTables();
    dataDir = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    // The handlers read their tables from the environment, as in Lambda.
    Object.assign(process.env, {
      TABLE_PREFIX: fresh.prefix,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts at 0, counts a batch that failed for good, and still counts it after a restart', async () => {
    // Prepare
    const options = {
      endpoint: inject('dynamodbEndpoint'),
      tablePrefix: fresh.prefix,
      dataDir,
      retry: NO_RETRY,
    };
    const pipeline = await startLocalPipeline(options);
    const before = Object.fromEntries(pipeline.deadLetterCounts());

    // Act: a decision item neither consumer can read (a decision section without its numbers, no id)
    await fresh.client.send(
      new PutItemCommand({
        TableName: fresh.tables.decisions,
        Item: { pk: { S: 'broken#1' }, decisionHash: { S: 'h' } },
      }),
    );
    await pipeline.drained(30_000);
    const after = Object.fromEntries(pipeline.deadLetterCounts());
    await pipeline.stop();
    const restarted = await startLocalPipeline(options);
    const again = Object.fromEntries(restarted.deadLetterCounts());
    await restarted.stop();

    // Assess
    expect(before).toEqual({ 'aggregator-decisions': 0, 'replica-decisions': 0, 'replica-appliances': 0 });
    expect(after).toEqual({ 'aggregator-decisions': 1, 'replica-decisions': 1, 'replica-appliances': 0 });
    expect(again).toEqual(after);
  });
});
