/**
 * Heartbeats over MQTT that can never be stored are refused by the heartbeat rule's function
 * on the first attempt, with a reason: not thrown, so neither retried nor dead-lettered (a
 * retry could only fail the same way, and the dead-letter queue is for outages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatTopic } from '#contract/fleet';
import { LIMITS } from '#contract/limits';
import type { MqttHeartbeatResult } from '#domain/mqtt-heartbeat';
import { startFleetStack, uniqueApplianceId } from '../../support/mqtt.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

type FleetStack = Awaited<ReturnType<typeof startFleetStack>>;

describe('the heartbeat rule refuses payloads that can never be stored, once', () => {
  let stack: FleetStack;
  let applianceId: string;
  beforeAll(async () => {
    stack = await startFleetStack();
    applianceId = uniqueApplianceId('appl-bad');
    await stack.mqtt.registry.register(applianceId, 'acme');
  });
  afterAll(() => stack?.stop());

  /** Invokes the rule with `payload` and returns the function's result (after any retries). */
  async function publish(payload: string): Promise<MqttHeartbeatResult | undefined> {
    let result: MqttHeartbeatResult | undefined;
    const onResult = (r: { event: { payload?: string }; result: MqttHeartbeatResult }) => {
      if (r.event.payload === encoded) result = r.result;
    };
    const encoded = Buffer.from(payload).toString('base64');
    stack.mqtt.rules.on('result', onResult);
    try {
      stack.mqtt.rules.heartbeat({
        topic: heartbeatTopic(applianceId),
        clientId: applianceId,
        payload: encoded,
        receivedAtMs: Date.now(),
      });
      await stack.mqtt.rules.idle();
    } finally {
      stack.mqtt.rules.off('result', onResult);
    }
    return result;
  }

  const heartbeatText = (o: Record<string, unknown> = {}) =>
    JSON.stringify({ ...sampleHeartbeat({ applianceId }), ...o });
  const deepServices = (depth: number, inner: string) =>
    `${'{"dns":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

  it.each([
    {
      name: 'a payload 5,000 levels deep with a __proto__ member at the bottom',
      payload: () =>
        heartbeatText().replace(
          /"services":\{[^}]*\}/,
          `"services":${deepServices(5_000, '{"__proto__":{"polluted":true}}')}`,
        ),
      reason: /validation_failed: .*nests deeper than/,
    },
    {
      name: `a payload ${LIMITS.maxBodyDepth + 1} levels deep`,
      payload: () =>
        heartbeatText().replace(
          /"services":\{[^}]*\}/,
          `"services":${deepServices(LIMITS.maxBodyDepth, '{}')}`,
        ),
      reason: /validation_failed: .*nests deeper than/,
    },
  ])('$name → refused, not retried or dead-lettered', async ({ payload, reason }) => {
    // Prepare
    const before = { ...stack.mqtt.rules.stats };

    // Act
    const result = await publish(payload());

    // Assess
    expect(result).toEqual({ status: 'refused', applianceId, reason: expect.stringMatching(reason) });
    expect(stack.mqtt.rules.stats.retried - before.retried).toBe(0);
    expect(stack.mqtt.rules.stats.deadLettered - before.deadLettered).toBe(0);
    expect(stack.mqtt.rules.deadLetters).toEqual([]);
  });

  it('a cpuPercent DynamoDB cannot hold (1e-200) → rejected with the field, not retried or dead-lettered', async () => {
    // Prepare
    const before = { ...stack.mqtt.rules.stats };

    // Act
    const result = await publish(heartbeatText({ cpuPercent: 1e-200 }));

    // Assess
    expect(result).toMatchObject({
      status: 'ingested',
      answer: {
        kind: 'single',
        result: {
          status: 'rejected',
          code: 'validation_failed',
          errors: [expect.objectContaining({ pointer: '/cpuPercent' })],
        },
      },
    });
    expect(stack.mqtt.rules.stats.retried - before.retried).toBe(0);
    expect(stack.mqtt.rules.deadLetters).toEqual([]);
  });
});
