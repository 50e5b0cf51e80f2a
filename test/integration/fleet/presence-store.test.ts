import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoApplianceStore } from '#adapters/appliance-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { heartbeatTopic } from '#contract/fleet';
import { isOnline } from '#domain/appliance-online';
import { ingestMqttHeartbeat } from '#domain/mqtt-heartbeat';
import type { ApplianceRegistry } from '#domain/ports';
import { applyPresence } from '#domain/presence';
import { type FreshTables, freshTables } from '../../support/dynamodb.ts';
import { sampleHeartbeat } from '../../support/samples.ts';

/** The registrations of this file: appliance → tenant. */
const registry: ApplianceRegistry = {
  tenantOf: async (id) => ({ 'appl-a': 'acme', 'appl-b': 'globex' })[id],
};

let fresh: FreshTables;
let store: DynamoApplianceStore;
beforeAll(async () => {
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
afterAll(() => fresh.client.destroy());

const message = (applianceId: string, payload: unknown, receivedAtMs = Date.now()) => ({
  topic: heartbeatTopic(applianceId),
  clientId: applianceId,
  payload: Buffer.from(JSON.stringify(payload)).toString('base64'),
  receivedAtMs,
});
const latest = async (customerId: string, applianceId: string) =>
  (await store.allLatest()).find((a) => a.customerId === customerId && a.applianceId === applianceId);

describe('MQTT heartbeats and presence on the appliances table', () => {
  it('stores a heartbeat under the tenant of the registration, once', async () => {
    // Prepare
    const hb = sampleHeartbeat({ applianceId: 'appl-a' });
    const deps = { store, registry, now: new Date() };

    // Act
    const first = await ingestMqttHeartbeat(message('appl-a', hb), deps);
    const again = await ingestMqttHeartbeat(message('appl-a', hb), deps);

    // Assess
    expect(first).toMatchObject({
      status: 'ingested',
      answer: { kind: 'single', result: { status: 'accepted' } },
    });
    expect(again).toMatchObject({
      status: 'ingested',
      answer: { kind: 'single', result: { status: 'duplicate' } },
    });
    expect(await latest('acme', 'appl-a')).toMatchObject({ applianceId: 'appl-a', customerId: 'acme' });
  });

  it('writes nothing for a payload naming another appliance, an unregistered topic or a payload that is not JSON', async () => {
    // Prepare
    const deps = { store, registry, now: new Date() };

    // Act
    const other = await ingestMqttHeartbeat(
      message('appl-b', sampleHeartbeat({ applianceId: 'appl-a' })),
      deps,
    );
    const unknown = await ingestMqttHeartbeat(
      message('appl-x', sampleHeartbeat({ applianceId: 'appl-x' })),
      deps,
    );
    const garbage = await ingestMqttHeartbeat(
      { ...message('appl-b', {}), payload: Buffer.from('not json').toString('base64') },
      deps,
    );

    // Assess
    expect(other).toMatchObject({ status: 'ingested', answer: { result: { status: 'rejected' } } });
    expect(unknown).toMatchObject({ status: 'refused', reason: 'not a registered appliance' });
    expect(garbage).toMatchObject({ status: 'refused' });
    expect(await latest('globex', 'appl-b')).toBeUndefined();
    expect(await latest('acme', 'appl-b')).toBeUndefined();
  });

  it('keeps the newest lifecycle event whatever the arrival order, and ignores repeats', async () => {
    // Prepare: connect at t0, disconnect at t0+5 s, reconnect at t0+9 s, delivered shuffled and twice
    const t0 = Date.now() - 60_000;
    const ev = (eventType: 'connected' | 'disconnected', dt: number) => ({
      clientId: 'appl-a',
      timestamp: t0 + dt,
      eventType,
      sessionIdentifier: `s${dt}`,
    });
    const deliveries = [
      ev('connected', 9000),
      ev('disconnected', 5000),
      ev('connected', 0),
      ev('connected', 9000),
    ];

    // Act
    const results = [];
    for (const e of deliveries) results.push((await applyPresence(e, { store, registry })).status);

    // Assess
    expect(results).toEqual(['applied', 'stale', 'stale', 'stale']);
    expect((await latest('acme', 'appl-a'))?.presence).toEqual({
      connected: true,
      at: new Date(t0 + 9000).toISOString(),
    });
  });

  it('marks the appliance offline at once on a disconnect after its last heartbeat, and online again on the next one', async () => {
    // Prepare
    const deps = { store, registry, now: new Date() };
    await ingestMqttHeartbeat(
      message('appl-a', sampleHeartbeat({ applianceId: 'appl-a', sentAt: new Date().toISOString() })),
      deps,
    );
    const before = await latest('acme', 'appl-a');

    // Act
    await applyPresence(
      { clientId: 'appl-a', timestamp: Date.now() + 1, eventType: 'disconnected' },
      { store, registry },
    );
    const after = await latest('acme', 'appl-a');
    await new Promise((r) => setTimeout(r, 5));
    await ingestMqttHeartbeat(
      message('appl-a', sampleHeartbeat({ applianceId: 'appl-a', sentAt: new Date().toISOString() })),
      { ...deps, now: new Date() },
    );
    const back = await latest('acme', 'appl-a');

    // Assess
    expect(before && isOnline(before, Date.now(), 300)).toBe(true);
    expect(after && isOnline(after, Date.now(), 300)).toBe(false);
    expect(back && isOnline(back, Date.now(), 300)).toBe(true);
  });

  it('records presence that comes before the first heartbeat without listing the appliance yet', async () => {
    // Act
    const result = await applyPresence(
      { clientId: 'appl-b', timestamp: Date.now(), eventType: 'connected' },
      { store, registry },
    );

    // Assess
    expect(result.status).toBe('applied');
    expect(await latest('globex', 'appl-b')).toBeUndefined();
  });
});
