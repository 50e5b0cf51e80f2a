import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { heartbeatTopic } from '#contract/fleet';
import { LIMITS } from '#contract/limits';
import type { MqttHeartbeatResult } from '#domain/mqtt-heartbeat';
import type { RuleResult } from '#lib/local/mqtt/rules';
import { dynamoClient } from '../../support/dynamodb.ts';
import { startFleetStack, uniqueApplianceId } from '../../support/mqtt.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

describe('the local topic rules', () => {
  it('retry a heartbeat the store fails on twice, as Lambda retries an asynchronous invocation, then keep it as a dead letter', async () => {
    // Prepare: a registered appliance, and the appliances table gone
    const stack = await startFleetStack();
    try {
      const id = uniqueApplianceId('appl-dlq');
      await stack.mqtt.registry.register(id, 'acme');
      const db = dynamoClient(stack.dynamodbEndpoint);
      await db.send(new DeleteTableCommand({ TableName: `${stack.tablePrefix}-appliances` }));
      db.destroy();
      const heartbeat = sampleHeartbeat({ applianceId: id });

      // Act
      stack.mqtt.rules.heartbeat({
        topic: heartbeatTopic(id),
        clientId: id,
        payload: Buffer.from(JSON.stringify(heartbeat)).toString('base64'),
        receivedAtMs: Date.now(),
      });
      await stack.mqtt.rules.idle();

      // Assess
      expect(stack.mqtt.rules.stats).toMatchObject({ invoked: 3, retried: 2, deadLettered: 1 });
      expect(stack.mqtt.rules.deadLetters).toEqual([
        expect.objectContaining({
          rule: 'heartbeat',
          attempts: 3,
          error: expect.stringMatching(/resource|table/i),
        }),
      ]);
    } finally {
      await stack.stop();
    }
  });

  it('list the field errors of a bad heartbeat batch within the same caps as the API', async () => {
    // Prepare: a buffer of 100 heartbeats, each with 500 bad services
    const stack = await startFleetStack();
    try {
      const id = uniqueApplianceId('appl-cap');
      await stack.mqtt.registry.register(id, 'acme');
      const services = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`-${i}`, 'sideways']));
      const heartbeats = Array.from({ length: LIMITS.maxBatchItems }, (_, i) =>
        sampleHeartbeat({
          applianceId: id,
          sentAt: new Date(Date.now() - i * 1000).toISOString(),
          services: services as never,
        }),
      );
      const results: RuleResult[] = [];
      stack.mqtt.rules.on('result', (r: RuleResult) => results.push(r));

      // Act
      stack.mqtt.rules.heartbeat({
        topic: heartbeatTopic(id),
        clientId: id,
        payload: Buffer.from(JSON.stringify({ heartbeats })).toString('base64'),
        receivedAtMs: Date.now(),
      });
      await stack.mqtt.rules.idle();

      // Assess
      const result = results[0]?.result as MqttHeartbeatResult;
      expect(result.status).toBe('ingested');
      if (result.status !== 'ingested' || result.answer.kind !== 'batch')
        throw new Error('not a batch answer');
      const { summary } = result.answer;
      expect(summary.rejected).toBe(LIMITS.maxBatchItems);
      expect(summary.results.every((r) => (r.errorCount ?? 0) >= 500)).toBe(true);
      expect(summary.results.every((r) => (r.errors?.length ?? 0) <= LIMITS.maxErrorsPerItem)).toBe(true);
      expect(summary.results.reduce((n, r) => n + (r.errors?.length ?? 0), 0)).toBe(
        LIMITS.maxErrorsPerResponse,
      );
      expect(JSON.stringify(result).length).toBeLessThan(64 * 1024);
    } finally {
      await stack.stop();
    }
  });
});
