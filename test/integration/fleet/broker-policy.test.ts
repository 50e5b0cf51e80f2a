import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatTopic } from '#contract/fleet';
import { eventually, MQTT_URL, startFleetStack } from '../../support/mqtt.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

type FleetStack = Awaited<ReturnType<typeof startFleetStack>>;

/** Connects with mqtt.js, no reconnects; resolves with the client or rejects with the broker's refusal. */
function connect(url: string, clientId: string, username: string, password: string): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => {
      client.on('error', () => undefined); // refusals are asserted through their effects
      resolve(client);
    });
    client.once('error', (e) => {
      client.end(true);
      reject(e);
    });
  });
}

/** Publishes with QoS 1 and tells whether the broker acknowledged it or dropped the connection. */
function publish(client: MqttClient, topic: string, payload: unknown): Promise<'acked' | 'disconnected'> {
  return new Promise((resolve) => {
    client.once('close', () => resolve('disconnected'));
    client.publish(topic, JSON.stringify(payload), { qos: 1 }, (err) =>
      resolve(err ? 'disconnected' : 'acked'),
    );
  });
}

// An anonymous mosquitto enforces nothing: with MQTT_URL these rules are that broker's ACLs' job.
describe.skipIf(Boolean(MQTT_URL))(
  "the embedded broker enforces the IoT policy rule (skipped with MQTT_URL: ACLs are that broker's job)",
  () => {
    let stack: FleetStack;
    const secrets: Record<string, string> = {};
    beforeAll(async () => {
      stack = await startFleetStack();
      for (const id of ['appl-a', 'appl-b'])
        secrets[id] = (await stack.mqtt.registry.register(id, 'acme')).secret;
    });
    afterAll(async () => {
      await stack?.stop();
    });
    const latest = async () => {
      return stack.runtime.stores.appliances.allLatest();
    };

    it("refuses a publish on another appliance's topic, disconnects the client and stores nothing", async () => {
      // Prepare
      const a = await connect(stack.mqtt.url, 'appl-a', 'appl-a', secrets['appl-a'] as string);

      // Act
      const outcome = await publish(a, heartbeatTopic('appl-b'), sampleHeartbeat({ applianceId: 'appl-b' }));
      await stack.mqtt.rules.idle();

      // Assess
      expect(outcome).toBe('disconnected');
      expect(stack.mqtt.refusals?.publish).toBeGreaterThanOrEqual(1);
      expect((await latest()).map((s) => s.applianceId)).not.toContain('appl-b');
      a.end(true);
    });

    it("refuses to connect with another appliance's client id, a wrong password or another's password", async () => {
      // Act
      const attempts = await Promise.allSettled([
        connect(stack.mqtt.url, 'appl-b', 'appl-a', secrets['appl-a'] as string),
        connect(stack.mqtt.url, 'appl-a', 'appl-a', 'wrong'),
        connect(stack.mqtt.url, 'appl-b', 'appl-b', secrets['appl-a'] as string),
        connect(stack.mqtt.url, 'appl-c', 'appl-c', 'unregistered'),
      ]);

      // Assess
      expect(attempts.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(attempts.map((a) => (a.status === 'rejected' ? (a.reason as Error).message : ''))).toEqual([
        expect.stringMatching(/Not authorized/i),
        expect.stringMatching(/Bad username or password/i),
        expect.stringMatching(/Bad username or password/i),
        expect.stringMatching(/Bad username or password/i),
      ]);
    });

    it("grants no subscription, not even to the appliance's own topic", async () => {
      // Prepare
      const a = await connect(stack.mqtt.url, 'appl-a', 'appl-a', secrets['appl-a'] as string);

      // Act
      const refusal = await a.subscribeAsync(heartbeatTopic('appl-a'), { qos: 1 }).then(
        () => 'granted',
        (e: Error) => e.message,
      );

      // Assess: SUBACK 0x80 (failure), which mqtt.js reports as an error
      expect(refusal).toMatch(/Subscribe error/);
      expect(stack.mqtt.refusals?.subscribe).toBe(1);
      await a.endAsync();
    });

    it("rejects a heartbeat whose payload names another appliance, even on the sender's own topic", async () => {
      // Prepare
      const b = await connect(stack.mqtt.url, 'appl-b', 'appl-b', secrets['appl-b'] as string);

      // Act
      const outcome = await publish(b, heartbeatTopic('appl-b'), sampleHeartbeat({ applianceId: 'appl-a' }));
      await stack.mqtt.rules.idle();

      // Assess
      expect(outcome).toBe('acked'); // the broker took it; the rule refused to store it
      expect((await latest()).map((s) => s.applianceId)).toEqual([]);
      await b.endAsync();
    });

    it('stops a revoked appliance at once: its next publish is refused and it cannot connect again', async () => {
      // Prepare
      const b = await connect(stack.mqtt.url, 'appl-b', 'appl-b', secrets['appl-b'] as string);
      expect(await publish(b, heartbeatTopic('appl-b'), sampleHeartbeat({ applianceId: 'appl-b' }))).toBe(
        'acked',
      );

      // Act
      await stack.mqtt.registry.revoke('appl-b');
      const after = await publish(b, heartbeatTopic('appl-b'), sampleHeartbeat({ applianceId: 'appl-b' }));
      const reconnect = connect(stack.mqtt.url, 'appl-b', 'appl-b', secrets['appl-b'] as string);

      // Assess
      expect(after).toBe('disconnected');
      await expect(reconnect).rejects.toThrow(/Bad username or password/i);
      await eventually(
        async () => ((await latest()).length === 1 ? true : undefined),
        5000,
        'the one stored heartbeat',
      );
    });

    it('an appliance registered again to another tenant: the old connection is refused, the new one files under the new tenant', async () => {
      // Prepare: appl-m connected as acme's, then revoked and registered to globex
      const id = 'appl-m';
      const oldSecret = (await stack.mqtt.registry.register(id, 'acme')).secret;
      const old = await connect(stack.mqtt.url, id, id, oldSecret);
      const t0 = Date.now() - 60_000;
      const hb = (s: number) =>
        sampleHeartbeat({ applianceId: id, sentAt: new Date(t0 + s * 1000).toISOString() });
      expect(await publish(old, heartbeatTopic(id), hb(0))).toBe('acked');
      await stack.mqtt.rules.idle();
      await stack.mqtt.registry.revoke(id);
      const newSecret = (await stack.mqtt.registry.register(id, 'globex')).secret;

      // Act: the old connection publishes again, then the new credentials connect and publish
      const stale = await publish(old, heartbeatTopic(id), hb(1));
      old.end(true);
      const fresh = await connect(stack.mqtt.url, id, id, newSecret);
      const current = await publish(fresh, heartbeatTopic(id), hb(2));
      await stack.mqtt.rules.idle();

      // Assess
      expect(stale).toBe('disconnected');
      expect(current).toBe('acked');
      const mine = (await latest()).filter((s) => s.applianceId === id);
      expect(mine.map((s) => [s.customerId, s.lastHeartbeatAt]).sort()).toEqual([
        ['acme', new Date(t0).toISOString()],
        ['globex', new Date(t0 + 2000).toISOString()],
      ]);
      await fresh.endAsync();
    });
  },
);
