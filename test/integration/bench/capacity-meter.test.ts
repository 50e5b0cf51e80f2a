import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { applySectionWrite, planSection } from '#adapters/dynamodb/section-write';
import { MARSHALL_OPTIONS } from '#adapters/dynamodb-client';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import { CapacityMeter } from '../../../bench/support/capacity-meter.ts';
import { itemSize } from '../../../bench/support/item-size.ts';
import { freshTables } from '../../support/dynamodb.ts';
import { sampleDecision, sampleExecution } from '../../support/samples.ts';

const ctx = { customerId: 'acme', receivedAt: new Date(), retentionDays: 30, rules: DEFAULT_REDACTION_RULES };

let db: DynamoDBDocumentClient;
let table: string;
beforeAll(async () => {
  const fresh = await freshTables();
  // A copy: the document client writes its own defaults into the options it is given.
  db = DynamoDBDocumentClient.from(fresh.client, { marshallOptions: { ...MARSHALL_OPTIONS } });
  table = fresh.tables.decisions;
});

describe('CapacityMeter on DynamoDB Local', () => {
  it('adds up the write units DynamoDB reports per table and index, and prices a failed condition by the larger item', async () => {
    // Prepare
    const meter = new CapacityMeter();
    meter.attach(db);
    const decision = sampleDecision();
    const write = planSection({ section: 'decision', event: decision as never }, ctx);
    const item = applySectionWrite(undefined, write).item;
    const bigger = applySectionWrite(
      item,
      planSection(
        {
          section: 'execution',
          decisionId: decision.decisionId as string,
          // an output that does not compress, so the merged item passes the next KB
          event: sampleExecution({ output: randomBytes(900).toString('hex') }) as never,
        },
        ctx,
      ),
    ).item;
    const units = Math.ceil(itemSize(marshall(item, MARSHALL_OPTIONS)) / 1024);
    const biggerUnits = Math.ceil(itemSize(marshall(bigger, MARSHALL_OPTIONS)) / 1024);

    // Act: the decision, a bigger item under its key (its condition fails), then an update of another item
    await db.send(
      new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    const again = db.send(
      new PutCommand({
        TableName: table,
        Item: bigger,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    await expect(again).rejects.toThrow();
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `acme#${randomUUID()}` },
        UpdateExpression: 'SET x = :x',
        ExpressionAttributeValues: { ':x': 1 },
      }),
    );
    const reading = meter.reading();

    // Assess: the base table billed by the item's size, each of the decision's indexes one unit
    expect(units).toBeGreaterThan(1);
    expect(reading.requests).toEqual({ PutItem: 2, UpdateItem: 1 });
    expect(reading.units[table]).toEqual({ read: 0, write: units + 1 });
    for (const index of ['byTenant', 'byAppliance', 'byConfidence'])
      expect(reading.units[`${table}/${index}`], index).toEqual({ read: 0, write: 1 });
    expect(reading.units[`${table}/byStatus`]).toBeUndefined();
    expect(biggerUnits).toBeGreaterThan(units);
    expect(reading.failedConditionUnits).toEqual({ [table]: biggerUnits });
  });

  it('computes the item size DynamoDB bills, to the KB, for a merged decision', async () => {
    // Prepare
    const meter = new CapacityMeter();
    meter.attach(db);
    const decision = sampleDecision();
    const merged = applySectionWrite(
      applySectionWrite(undefined, planSection({ section: 'decision', event: decision as never }, ctx)).item,
      planSection(
        {
          section: 'execution',
          decisionId: decision.decisionId as string,
          event: sampleExecution() as never,
        },
        ctx,
      ),
    ).item;
    const units = Math.ceil(itemSize(marshall(merged, MARSHALL_OPTIONS)) / 1024);

    // Act
    await db.send(new PutCommand({ TableName: table, Item: merged }));

    // Assess: the sample decision with its execution is 1.7 KB stored (its members packed)
    expect(units).toBe(2);
    expect(meter.reading().units[table]?.write).toBe(units);
  });
});
