import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplianceAgent } from '#lib/agent/agent';
import { resolveAgentConfig } from '#lib/agent/config';
import {
  eventually,
  registeredAgentConfig,
  startFleetStack,
  startOutageProxy,
  uniqueApplianceId,
} from '../../support/mqtt.ts';

type FleetStack = Awaited<ReturnType<typeof startFleetStack>>;

let stack: FleetStack;
beforeAll(async () => {
  stack = await startFleetStack();
});
afterAll(async () => {
  await stack?.stop();
});

const latestOf = async (applianceId: string) =>
  (await stack.runtime.stores.appliances.allLatest()).find((a) => a.applianceId === applianceId);

describe("the agent's HTTPS fallback", () => {
  it('posts the buffer to POST /v1/heartbeats while the broker is unreachable, then goes back to MQTT', async () => {
    // Prepare: an API key file, the broker behind a proxy that is down
    const dir = await mkdtemp(join(tmpdir(), 'aiops-agent-'));
    await writeFile(join(dir, 'api-key'), `${stack.apiKey}\n`, { mode: 0o600 });
    const id = uniqueApplianceId('appl-https');
    const proxy = await startOutageProxy(stack.mqtt.url);
    proxy.cut();
    const base = await registeredAgentConfig(stack, id, 'local', { url: proxy.url });
    const https = await resolveAgentConfig(
      { applianceId: id, https: { url: stack.url, apiKeyFile: 'api-key', afterSeconds: 0 } },
      dir,
    );
    const agent = new ApplianceAgent({ ...base, https: https.https, apiKey: https.apiKey } as typeof base, {
      log: () => undefined,
    });

    try {
      // Act
      await agent.start();
      await agent.tick();
      const posted = await eventually(
        async () => (agent.stats().posted === 2 ? agent.stats() : undefined),
        10_000,
        'two posts',
      );
      proxy.restore();
      await eventually(async () => (agent.stats().connected ? true : undefined), 15_000, 'the reconnect');
      await agent.tick();
      await eventually(async () => (agent.stats().published === 1 ? true : undefined), 10_000, 'a publish');
      await stack.mqtt.rules.idle();

      // Assess: two heartbeats over HTTPS (tenant of the key), one over MQTT (tenant of the registration)
      expect(posted).toMatchObject({ posted: 2, published: 0, buffered: 0 });
      expect(agent.stats()).toMatchObject({ sampled: 3, posted: 2, published: 1, buffered: 0, rejected: 0 });
      expect(await latestOf(id)).toMatchObject({ customerId: 'local', applianceId: id });
    } finally {
      await agent.stop();
      await proxy.close();
    }
  });
});
