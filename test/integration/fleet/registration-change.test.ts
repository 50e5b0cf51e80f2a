/**
 * An appliance revoked and registered again to another tenant. Its heartbeats and lifecycle
 * events after the new registration belong to the new tenant at once, in every Lambda instance
 * (each holds its own tenant cache), and whatever still comes from the old credentials is
 * never filed under the new tenant. In AWS the rule passes the sending certificate
 * (`principal()`); the thing carries the certificate of its registration.
 */
import { IoTClient } from '@aws-sdk/client-iot';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoApplianceStore } from '#adapters/appliance-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { IotThingRegistry } from '#adapters/registry/iot-thing-registry';
import { heartbeatTopic } from '#contract/fleet';
import { ingestMqttHeartbeat } from '#domain/mqtt-heartbeat';
import { applyPresence } from '#domain/presence';
import { registerThing, revokeThing } from '#lib/fleet/iot-registration';
import { type FreshTables, freshTables } from '../../support/dynamodb.ts';
import { type FakeIot, startFakeIot } from '../../support/fake-iot.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

let iot: FakeIot;
let client: IoTClient;
let fresh: FreshTables;
let store: DynamoApplianceStore;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

beforeAll(async () => {
  iot = await startFakeIot();
  client = new IoTClient({ endpoint: iot.url, region: 'us-east-1', credentials });
  fresh = await freshTables();
  store = new DynamoApplianceStore(
    createDocumentClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    fresh.tables.appliances,
    7,
  );
});
afterAll(async () => {
  client.destroy();
  fresh.client.destroy();
  await iot.close();
});

/** A Lambda instance's registry: its own cache, the loopback control plane. */
const lambdaInstance = () => new IotThingRegistry({ region: 'us-east-1', endpoint: iot.url, credentials });

/** The heartbeat rule's event for a message published with a certificate. */
const ruleEvent = (applianceId: string, certificateId: string, sentAt: Date) => ({
  topic: heartbeatTopic(applianceId),
  clientId: applianceId,
  principal: certificateId,
  payload: Buffer.from(
    JSON.stringify(sampleHeartbeat({ applianceId, sentAt: sentAt.toISOString() })),
  ).toString('base64'),
  receivedAtMs: sentAt.getTime(),
});

const latestOf = async (applianceId: string) =>
  (await store.allLatest()).filter((a) => a.applianceId === applianceId).map((a) => a.customerId);

const policyName = 'aiops-appliance';

describe('IoT Core: revoke, then register again to another tenant', () => {
  it('files the next heartbeat under the new tenant at once, in every warm Lambda instance', async () => {
    // Prepare: two warm instances that both cached the first registration
    const id = 'appl-moved-1';
    const first = await registerThing(client, { applianceId: id, tenant: 'acme', policyName });
    const instances = [lambdaInstance(), lambdaInstance()];
    const t0 = Date.now() - 60_000;
    for (const [i, registry] of instances.entries()) {
      const r = await ingestMqttHeartbeat(ruleEvent(id, first.certificateId, new Date(t0 + i * 1000)), {
        store,
        registry,
        now: new Date(),
      });
      expect(r.status).toBe('ingested');
    }
    await revokeThing(client, id);
    const second = await registerThing(client, { applianceId: id, tenant: 'globex', policyName });

    // Act: the new certificate's first heartbeats, one through each instance
    const results = [];
    for (const [i, registry] of instances.entries()) {
      results.push(
        await ingestMqttHeartbeat(ruleEvent(id, second.certificateId, new Date(t0 + 10_000 + i * 1000)), {
          store,
          registry,
          now: new Date(),
        }),
      );
    }

    // Assess
    expect(results.map((r) => r.status)).toEqual(['ingested', 'ingested']);
    expect((await latestOf(id)).sort()).toEqual(['acme', 'globex']);
    const globex = (await store.allLatest()).find((a) => a.customerId === 'globex' && a.applianceId === id);
    expect(globex?.lastHeartbeatAt).toBe(new Date(t0 + 11_000).toISOString());
    const acme = (await store.allLatest()).find((a) => a.customerId === 'acme' && a.applianceId === id);
    expect(acme?.lastHeartbeatAt, 'nothing after the re-registration went to acme').toBe(
      new Date(t0 + 1000).toISOString(),
    );
  });

  it('never files what the old certificate still sends under the new tenant', async () => {
    // Prepare: one warm instance (cached the old certificate), one cold
    const id = 'appl-moved-2';
    const first = await registerThing(client, { applianceId: id, tenant: 'acme', policyName });
    const warm = lambdaInstance();
    const t0 = Date.now() - 60_000;
    await ingestMqttHeartbeat(ruleEvent(id, first.certificateId, new Date(t0)), {
      store,
      registry: warm,
      now: new Date(),
    });
    await revokeThing(client, id);
    await registerThing(client, { applianceId: id, tenant: 'globex', policyName });

    // Act: a late message of the old certificate (IoT Core closes its connection within minutes)
    const late = ruleEvent(id, first.certificateId, new Date(t0 + 5000));
    const onWarm = await ingestMqttHeartbeat(late, { store, registry: warm, now: new Date() });
    const onCold = await ingestMqttHeartbeat(late, { store, registry: lambdaInstance(), now: new Date() });

    // Assess: the warm instance keeps it with the tenant it was sent under; a cold one refuses it
    expect(onWarm.status).toBe('ingested');
    expect(onCold).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/not the certificate|registered/),
    });
    expect(await latestOf(id)).toEqual(['acme']);
  });

  it('ignores a late disconnect of the old certificate: the new registration stays connected', async () => {
    // Prepare
    const id = 'appl-moved-3';
    const first = await registerThing(client, { applianceId: id, tenant: 'acme', policyName });
    const registry = lambdaInstance();
    const t0 = Date.now() - 60_000;
    await applyPresence(
      { clientId: id, timestamp: t0, eventType: 'connected', principalIdentifier: first.certificateId },
      { store, registry },
    );
    await revokeThing(client, id);
    const second = await registerThing(client, { applianceId: id, tenant: 'globex', policyName });
    await ingestMqttHeartbeat(ruleEvent(id, second.certificateId, new Date(t0 + 2000)), {
      store,
      registry,
      now: new Date(),
    });
    await applyPresence(
      {
        clientId: id,
        timestamp: t0 + 3000,
        eventType: 'connected',
        principalIdentifier: second.certificateId,
      },
      { store, registry },
    );

    // Act: IoT Core closes the old certificate's connection a little later; warm and cold instances see it
    const disconnect = {
      clientId: id,
      timestamp: t0 + 4000,
      eventType: 'disconnected',
      disconnectReason: 'AUTHORIZATION_FAILURE',
      principalIdentifier: first.certificateId,
    };
    const onWarm = await applyPresence(disconnect, { store, registry });
    const onCold = await applyPresence(disconnect, { store, registry: lambdaInstance() });

    // Assess: the warm one marks only acme's old record; the cold one ignores it; globex stays connected
    expect(onWarm.status).toBe('applied');
    expect(onCold.status).toBe('ignored');
    const latest = await store.allLatest();
    expect(latest.find((a) => a.customerId === 'globex' && a.applianceId === id)?.presence).toMatchObject({
      connected: true,
    });
  });

  it('registration records the certificate on the thing, beside the tenant', async () => {
    // Act
    const r = await registerThing(client, { applianceId: 'appl-attr', tenant: 'acme', policyName });

    // Assess
    expect(iot.things.get('appl-attr')?.attributes).toEqual({
      tenant: 'acme',
      certificateId: r.certificateId,
    });
  });
});
