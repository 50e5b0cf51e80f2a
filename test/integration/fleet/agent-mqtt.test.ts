import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplianceAgent } from '#lib/agent/agent';
import type { RuleResult } from '#lib/local/mqtt/rules';
import { dynamoClient } from '../../support/dynamodb.ts';
import {
  BROKER_NAME,
  eventually,
  onlineGauge,
  registeredAgentConfig,
  startFleetStack,
  startOutageProxy,
  uniqueApplianceId,
} from '../../support/mqtt.ts';

type FleetStack = Awaited<ReturnType<typeof startFleetStack>>;

let stack: FleetStack;
const results: RuleResult[] = [];
beforeAll(async () => {
  stack = await startFleetStack({ APPLIANCE_OFFLINE_AFTER_SECONDS: '300' });
  stack.mqtt.rules.on('result', (r: RuleResult) => results.push(r));
});
afterAll(async () => {
  await stack?.stop();
});

const heartbeatItems = async (customerId: string, applianceId: string) => {
  const { QueryCommand } = await import('@aws-sdk/client-dynamodb');
  const db = dynamoClient(stack.dynamodbEndpoint);
  const res = await db.send(
    new QueryCommand({
      TableName: `${stack.tablePrefix}-appliances`,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hb)',
      ExpressionAttributeValues: { ':pk': { S: `${customerId}#${applianceId}` }, ':hb': { S: 'HB#' } },
      ConsistentRead: true,
    }),
  );
  db.destroy();
  return res.Items ?? [];
};
const outcomesOf = (applianceId: string) =>
  results
    .filter(
      (r) => r.rule === 'heartbeat' && (r.result as { applianceId?: string }).applianceId === applianceId,
    )
    .map((r) => {
      const res = r.result as { status: string; answer?: { kind: string; result?: { status: string } } };
      return res.status === 'ingested' ? (res.answer?.result?.status ?? 'batch') : res.status;
    });

describe(`the appliance agent over MQTT (${BROKER_NAME})`, () => {
  it('sends a heartbeat that reaches the appliance table and sets the online gauge; stopping it sets the gauge to 0', async () => {
    // Prepare
    const id = uniqueApplianceId('appl-agent');
    const agent = new ApplianceAgent(await registeredAgentConfig(stack, id, 'acme'), {
      log: () => undefined,
    });

    // Act
    await agent.start();
    const stored = await eventually(
      async () => ((await heartbeatItems('acme', id)).length > 0 ? true : undefined),
      10_000,
      'the heartbeat in DynamoDB',
    );
    const online = await eventually(async () => await onlineGauge(stack, id), 10_000, 'the online gauge');
    await agent.stop();
    const offline = await eventually(
      async () => ((await onlineGauge(stack, id)) === 0 ? 0 : undefined),
      10_000,
      'the gauge at 0',
    );

    // Assess
    expect(stored).toBe(true);
    expect(online).toBe(1);
    expect(offline).toBe(0);
    expect(agent.stats()).toMatchObject({ sampled: 1, published: 1, buffered: 0, dropped: 0 });
  });

  it('buffers heartbeats during an outage and replays them on reconnect, each stored once and none sent twice', async () => {
    // Prepare
    const id = uniqueApplianceId('appl-outage');
    const proxy = await startOutageProxy(stack.mqtt.url);
    const agent = new ApplianceAgent(await registeredAgentConfig(stack, id, 'acme', { url: proxy.url }), {
      log: () => undefined,
    });
    await agent.start();
    await eventually(
      async () => (agent.stats().published === 1 ? true : undefined),
      10_000,
      'the first PUBACK',
    );

    try {
      // Act: cut the network, take five heartbeats offline, then let the agent reconnect
      proxy.cut();
      await eventually(
        async () => (agent.stats().connected ? undefined : true),
        10_000,
        'the agent to notice',
      );
      const offlineGauge = await eventually(
        async () => ((await onlineGauge(stack, id)) === 0 ? 0 : undefined),
        15_000,
        'offline',
      );
      for (let i = 0; i < 5; i++) await agent.tick();
      const buffered = agent.stats().buffered;
      proxy.restore();
      await eventually(async () => (agent.stats().published === 6 ? true : undefined), 20_000, 'the replay');
      await stack.mqtt.rules.idle();
      const backOnline = await eventually(
        async () => ((await onlineGauge(stack, id)) === 1 ? 1 : undefined),
        10_000,
        'online again',
      );

      // Assess
      expect(offlineGauge).toBe(0);
      expect(buffered).toBe(5);
      expect(backOnline).toBe(1);
      const items = await heartbeatItems('acme', id);
      expect(items).toHaveLength(6);
      expect(outcomesOf(id)).toEqual(Array(6).fill('accepted'));
      expect(agent.stats()).toMatchObject({ sampled: 6, published: 6, buffered: 0, dropped: 0 });
    } finally {
      await agent.stop();
      await proxy.close();
    }
  });

  it('keeps at most bufferSize heartbeats offline, dropping the oldest and counting them', async () => {
    // Prepare
    const id = uniqueApplianceId('appl-full');
    const proxy = await startOutageProxy(stack.mqtt.url);
    proxy.cut();
    const agent = new ApplianceAgent(
      await registeredAgentConfig(stack, id, 'acme', { url: proxy.url, bufferSize: 3 }),
      {
        log: () => undefined,
      },
    );

    try {
      // Act
      await agent.start(); // one heartbeat, offline
      for (let i = 0; i < 4; i++) await agent.tick();
      const offline = agent.stats();
      proxy.restore();
      await eventually(async () => (agent.stats().published === 3 ? true : undefined), 20_000, 'the replay');
      await stack.mqtt.rules.idle();

      // Assess
      expect(offline).toMatchObject({ sampled: 5, buffered: 3, dropped: 2 });
      expect(await heartbeatItems('acme', id)).toHaveLength(3);
    } finally {
      await agent.stop();
      await proxy.close();
    }
  });
});
