/**
 * MQTT for the fleet tests: the local stack's embedded aedes broker by default, or the broker
 * named by `MQTT_URL` (CI: the machine's mosquitto at mqtt://127.0.0.1:1883), checked to be
 * up before any test runs. Plus a loopback TCP proxy that can cut every connection through
 * it, to stage a network outage between an agent and either broker.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import mqtt from 'mqtt';
import { inject } from 'vitest';
import { type AgentConfig, resolveAgentConfig } from '#lib/agent/config';
import type { LocalApplianceRegistry } from '#lib/fleet/local-registry';
import { type LocalStack, startLocalStack } from '#lib/local/stack';

export { eventually } from './eventually.ts';

/** The broker under test: `MQTT_URL`, or undefined for the embedded one. */
export const MQTT_URL: string | undefined = process.env.MQTT_URL || undefined;

/** Which broker the fleet tests run against, for test names. */
export const BROKER_NAME = MQTT_URL ? `MQTT_URL ${MQTT_URL}` : 'the embedded aedes broker';

/**
 * Fails with a clear message when `MQTT_URL` is set but nothing answers there: a CI run
 * meant for mosquitto never silently tests something else.
 */
export async function assertBrokerUp(url: string, timeoutMs = 3000): Promise<void> {
  const client = mqtt.connect(url, {
    connectTimeout: timeoutMs,
    reconnectPeriod: 0,
    clientId: `probe-${randomBytes(3).toString('hex')}`,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      client.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  } catch (e) {
    throw new Error(
      `MQTT_URL=${url} is set but no MQTT broker answers there (${(e as Error).message}); start mosquitto or unset MQTT_URL`,
    );
  } finally {
    client.end(true);
  }
}

/** The local stack with its MQTT side, on the shared DynamoDB Local under tables of its own. */
export async function startFleetStack(
  env: Record<string, string> = {},
  registry?: LocalApplianceRegistry,
): Promise<LocalStack & { mqtt: NonNullable<LocalStack['mqtt']> }> {
  if (MQTT_URL) await assertBrokerUp(MQTT_URL);
  const stack = await startLocalStack({
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tablePrefix: `t${randomBytes(4).toString('hex')}`,
    port: 0,
    pipeline: false,
    env,
    mqtt: { ...(MQTT_URL ? { url: MQTT_URL } : { port: 0 }), ...(registry ? { registry } : {}) },
  });
  if (!stack.mqtt) throw new Error('the stack started without MQTT');
  return stack as LocalStack & { mqtt: NonNullable<LocalStack['mqtt']> };
}

/** A unique appliance id (tests against a shared mosquitto must not collide). */
export const uniqueApplianceId = (name: string): string => `${name}-${randomBytes(4).toString('hex')}`;

/**
 * Registers an appliance with the stack's registry and returns agent settings for it: its
 * credentials on the embedded broker; presence messages on an external one.
 */
export async function registeredAgentConfig(
  stack: LocalStack & { mqtt: NonNullable<LocalStack['mqtt']> },
  applianceId: string,
  customerId: string,
  overrides: { url?: string; intervalSeconds?: number; bufferSize?: number } = {},
): Promise<AgentConfig> {
  const { secret } = await stack.mqtt.registry.register(applianceId, customerId);
  const config = await resolveAgentConfig({
    applianceId,
    intervalSeconds: overrides.intervalSeconds ?? 3600,
    bufferSize: overrides.bufferSize ?? 100,
    mqtt: {
      url: overrides.url ?? stack.mqtt.url,
      username: applianceId,
      presenceMessages: stack.mqtt.mode === 'external',
      keepaliveSeconds: 5,
    },
  });
  return { ...config, password: secret };
}

/** `aiops_appliance_online` of an appliance from the stack's `GET /metrics`, or undefined. */
export async function onlineGauge(stack: LocalStack, applianceId: string): Promise<number | undefined> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('aiops_appliance_online{') && l.includes(`appliance_id="${applianceId}"`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/** A loopback TCP proxy to a broker whose connections can be cut (an outage) and let through again. */
export interface OutageProxy {
  readonly url: string;
  /** Closes every connection and refuses new ones until {@link OutageProxy.restore}. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port in front of `brokerUrl` (`mqtt://host:port`). */
export async function startOutageProxy(brokerUrl: string): Promise<OutageProxy> {
  const target = new URL(brokerUrl);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((inbound) => {
    if (down) return inbound.destroy();
    const outbound = tcpConnect(Number(target.port || 1883), target.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cut: () => {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
