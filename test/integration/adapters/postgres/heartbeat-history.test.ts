import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoApplianceStore } from '#adapters/appliance-store';
import { type HeartbeatRow, toHeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { migrate } from '#adapters/postgres/migrations';
import { insertHeartbeats } from '#adapters/postgres/replica-writer';
import { heartbeatSchema } from '#contract/heartbeat';
import { freshTables } from '../../../support/dynamodb.ts';
import { type FreshDatabase, freshDatabase } from '../../../support/postgres.ts';
import { sampleHeartbeat } from '../../../support/samples.ts';

describe('heartbeat history: appliances table items into appliance_heartbeats', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase('pglite');
    await migrate(db.client);
  });
  afterAll(() => db?.close());

  it('maps the items DynamoApplianceStore writes and stores each heartbeat once', async () => {
    // Prepare
    const { client, tables } = await freshTables();
    const docs = DynamoDBDocumentClient.from(client);
    const store = new DynamoApplianceStore(docs, tables.appliances, 7);
    const beats = [90, 60, 30].map((ago) =>
      heartbeatSchema.parse(sampleHeartbeat({ sentAt: new Date(Date.now() - ago * 1000).toISOString() })),
    );
    for (const hb of beats) await store.recordHeartbeat('acme', hb, new Date());
    const { Items = [] } = await docs.send(
      new QueryCommand({
        TableName: tables.appliances,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `acme#${beats[0]?.applianceId}` },
      }),
    );
    // Act
    const rows = Items.map(toHeartbeatRow).filter((r): r is HeartbeatRow => r !== undefined);
    const first = await insertHeartbeats(db.client, rows);
    const replay = await insertHeartbeats(db.client, rows);
    // Assess
    expect(Items).toHaveLength(beats.length + 1); // + the LATEST item, which is not history
    expect(rows.map((r) => r.sent_at).sort()).toEqual(beats.map((b) => new Date(b.sentAt).toISOString()));
    expect(rows.every((r) => r.customer_id === 'acme' && r.services.named === 'up')).toBe(true);
    expect([first.inserted, replay.inserted]).toEqual([3, 0]);
    const { rows: latest } = await db.client.query<{ cpu_percent: number; n: number }>(
      `SELECT cpu_percent, count(*) OVER () AS n FROM appliance_heartbeats
       WHERE appliance_id = $1 ORDER BY sent_at DESC LIMIT 1`,
      [beats[0]?.applianceId],
    );
    expect(latest).toEqual([{ cpu_percent: beats[2]?.cpuPercent, n: 3 }]);
  });
});
