import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricAggregates } from '#adapters/metric-aggregates';
import { MetricGauges } from '#adapters/metric-gauges';
import { freshTables } from '../../support/dynamodb.ts';

const LAG = 'aiops_pipeline_lag_seconds';
const key = (consumer: string) => `${LAG}{consumer="${consumer}"}`;

describe('MetricGauges on DynamoDB Local', () => {
  let gauges: MetricGauges;
  let aggregates: MetricAggregates;
  beforeAll(async () => {
    const { client, tables } = await freshTables();
    const db = DynamoDBDocumentClient.from(client);
    gauges = new MetricGauges(db, tables.metrics);
    aggregates = new MetricAggregates(db, tables.metrics);
  });

  it('sets the value (never adds), and the exporter reads it like a total', async () => {
    // Act
    await gauges.set(key('aggregator'), 4, 1_000);
    await gauges.set(key('aggregator'), 1.5, 2_000);
    await gauges.set(key('replica'), 7, 2_000);
    const totals = await aggregates.totals([LAG]);

    // Assess
    expect(Object.fromEntries(totals)).toEqual({ [key('aggregator')]: 1.5, [key('replica')]: 7 });
  });

  it('keeps the newest reading when an older batch finishes later', async () => {
    // Act
    const newer = await gauges.set(key('late'), 2, 5_000);
    const older = await gauges.set(key('late'), 30, 4_000);
    const same = await gauges.set(key('late'), 9, 5_000);
    const totals = await aggregates.totals([LAG]);

    // Assess
    expect([newer, older, same]).toEqual([true, false, false]);
    expect(totals.get(key('late'))).toBe(2);
  });

  it('refuses a value that is not a finite number', async () => {
    // Act
    const act = gauges.set(key('aggregator'), Number.NaN, 9_000);

    // Assess
    await expect(act).rejects.toThrow(/finite number/);
  });
});
