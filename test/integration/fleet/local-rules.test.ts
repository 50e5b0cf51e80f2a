import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { heartbeatTopic } from '#contract/fleet';
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
});
