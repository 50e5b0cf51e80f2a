import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IotThingRegistry } from '#adapters/registry/iot-thing-registry';
import { ApplianceAgent } from '#lib/agent/agent';
import { loadAgentConfig } from '#lib/agent/config';
import { writeLocalBundle } from '#lib/fleet/credential-bundle';
import { LocalApplianceRegistry } from '#lib/fleet/local-registry';
import { type FakeIot, startFakeIot } from '../../support/fake-iot.ts';
import { eventually, MQTT_URL, startFleetStack, uniqueApplianceId } from '../../support/mqtt.ts';

describe('tenants from the IoT thing registry (signed DescribeThing, a loopback control plane)', () => {
  let iot: FakeIot;
  beforeAll(async () => {
    iot = await startFakeIot();
    iot.things.set('appl-1', { attributes: { tenant: 'acme' }, principals: new Set() });
  });
  afterAll(() => iot.close());

  it('reads the tenant attribute once per cache period and remembers an unknown thing', async () => {
    // Prepare
    const registry = new IotThingRegistry({
      region: 'eu-west-1',
      endpoint: iot.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });

    // Act
    const tenants = [
      await registry.tenantOf('appl-1'),
      await registry.tenantOf('appl-1'),
      await registry.tenantOf('ghost'),
      await registry.tenantOf('ghost'),
    ];
    const dotted = await registry.tenantOf('not.a.thing');

    // Assess
    expect(tenants).toEqual(['acme', 'acme', undefined, undefined]);
    expect(dotted).toBeUndefined();
    expect(iot.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /things/appl-1',
      'GET /things/ghost',
    ]);
    expect(iot.requests[0]?.headers.authorization).toMatch(
      /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/iot\/aws4_request/,
    );
  });

  it("caches per thing and certificate, and gives the tenant only for the registration's certificate", async () => {
    // Prepare
    const cert = 'ab'.repeat(32);
    iot.things.set('appl-2', { attributes: { tenant: 'acme', certificateId: cert }, principals: new Set() });
    iot.things.set('appl-legacy', { attributes: { tenant: 'globex' }, principals: new Set() });
    const registry = new IotThingRegistry({
      region: 'eu-west-1',
      endpoint: iot.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const before = iot.requests.length;

    // Act
    const answers = [
      await registry.tenantOf('appl-2', cert),
      await registry.tenantOf('appl-2', cert),
      await registry.tenantOf('appl-2', cert.toUpperCase()),
      await registry.tenantOf('appl-2', `arn:aws:iot:eu-west-1:123456789012:cert/${cert}`),
      await registry.tenantOf('appl-2', 'cd'.repeat(32)),
      await registry.tenantOf('appl-2', 'cd'.repeat(32)),
      await registry.tenantOf('appl-2'),
      await registry.tenantOf('appl-legacy', 'ef'.repeat(32)),
    ];

    // Assess: one DescribeThing per thing and principal, the cached refusal included
    expect(answers).toEqual(['acme', 'acme', 'acme', 'acme', undefined, undefined, 'acme', 'globex']);
    expect(iot.requests.slice(before).map((r) => r.path)).toEqual([
      '/things/appl-2',
      '/things/appl-2',
      '/things/appl-2',
      '/things/appl-2',
      '/things/appl-2',
      '/things/appl-legacy',
    ]);
  });

  it('fails (so the event is retried) when the registry answers with an error', async () => {
    // Prepare
    const registry = new IotThingRegistry({
      region: 'eu-west-1',
      endpoint: iot.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    iot.failNext('GET', '/things/', 'ThrottlingException', 429);

    // Act
    const lookup = registry.tenantOf('appl-1');

    // Assess
    await expect(lookup).rejects.toThrow(/HTTP 429/);
  });
});

describe.skipIf(Boolean(MQTT_URL))(
  'register --local, then the agent from its bundle (embedded broker)',
  () => {
    it('writes a 0600 password and an agent.json the agent runs from, and the heartbeat lands under the tenant', async () => {
      // Prepare: the registry file the stack reads, written as `appliances register --local` does
      const dir = await mkdtemp(join(tmpdir(), 'aiops-local-'));
      const registryFile = join(dir, 'appliances.json');
      const stack = await startFleetStack({}, LocalApplianceRegistry.file(registryFile));
      const id = uniqueApplianceId('appl-bundle');
      const { secret } = await LocalApplianceRegistry.file(registryFile).register(id, 'acme');
      await writeLocalBundle(join(dir, id), {
        applianceId: id,
        tenant: 'acme',
        url: stack.mqtt.url,
        secret,
        presenceMessages: false,
      });

      try {
        // Act
        const agent = new ApplianceAgent(await loadAgentConfig(join(dir, id, 'agent.json')), {
          log: () => undefined,
        });
        await agent.start();
        const stored = await eventually(
          async () => (await stack.runtime.stores.appliances.allLatest()).find((a) => a.applianceId === id),
          10_000,
          'the heartbeat',
        );
        await agent.stop();

        // Assess
        expect((await stat(join(dir, id, 'password'))).mode & 0o777).toBe(0o600);
        expect(await readFile(registryFile, 'utf8')).not.toContain(secret);
        expect(stored).toMatchObject({ customerId: 'acme', applianceId: id });
      } finally {
        await stack.stop();
      }
    });
  },
);
