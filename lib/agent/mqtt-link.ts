import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { presenceTopic } from '#contract/fleet';
import type { AgentConfig } from './config.ts';

/**
 * mqtt.js options from the agent's settings: client id = appliance id (IoT Core requires the
 * thing name), mutual TLS from cert/key/ca files, or a user name and password, a clean
 * session (the agent keeps its own buffer), reconnects every 2 to 30 s, and a will on the
 * presence topic when presence messages are on.
 */
export async function mqttClientOptions(config: AgentConfig, sessionId: string): Promise<IClientOptions> {
  const m = config.mqtt;
  if (!m) throw new Error('no mqtt settings');
  const file = (p: string | undefined) => (p ? readFile(p) : Promise.resolve(undefined));
  const [cert, key, ca] = await Promise.all([file(m.cert), file(m.key), file(m.ca)]);
  return {
    clientId: m.clientId ?? config.applianceId,
    clean: true,
    keepalive: m.keepaliveSeconds,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    protocolVersion: 4,
    ...(m.username ? { username: m.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(ca ? { ca } : {}),
    rejectUnauthorized: m.rejectUnauthorized,
    ...(m.presenceMessages
      ? {
          will: {
            topic: presenceTopic(config.applianceId),
            payload: Buffer.from(
              JSON.stringify({
                eventType: 'disconnected',
                disconnectReason: 'CONNECTION_LOST',
                sessionIdentifier: sessionId,
              }),
            ),
            qos: 1,
            retain: false,
          },
        }
      : {}),
  };
}

/** A connection to the broker that says when it is up and publishes with QoS 1. */
export interface MqttLink {
  readonly client: MqttClient;
  readonly sessionId: string;
  /** Resolves on PUBACK; rejects on an error or after `timeoutMs`. */
  publish(topic: string, payload: string, timeoutMs?: number): Promise<void>;
  /** Ends the connection, after a `disconnected` presence message when those are on. */
  close(): Promise<void>;
}

/**
 * Connects (and keeps reconnecting) to the configured broker.
 * @example const link = await openMqttLink(config, () => agent.flush());
 */
export async function openMqttLink(
  config: AgentConfig,
  handlers: { onConnect: () => void; onClose: () => void; onError: (e: Error) => void },
): Promise<MqttLink> {
  const sessionId = randomUUID();
  const options = await mqttClientOptions(config, sessionId);
  const client = mqtt.connect(config.mqtt?.url as string, options);
  const presence = (eventType: 'connected' | 'disconnected', extra: Record<string, string> = {}) =>
    client.publishAsync(
      presenceTopic(config.applianceId),
      JSON.stringify({ eventType, sessionIdentifier: sessionId, ...extra }),
      { qos: 1 },
    );
  client.on('connect', () => {
    if (config.mqtt?.presenceMessages) presence('connected').catch((e: Error) => handlers.onError(e));
    handlers.onConnect();
  });
  client.on('close', handlers.onClose);
  client.on('error', handlers.onError);
  return {
    client,
    sessionId,
    publish: (topic, payload, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs} ms`)), timeoutMs);
        client.publish(topic, payload, { qos: 1 }, (err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        });
      }),
    close: async () => {
      if (config.mqtt?.presenceMessages && client.connected) {
        await presence('disconnected', { disconnectReason: 'CLIENT_INITIATED_DISCONNECT' }).catch(
          () => undefined,
        );
      }
      await client.endAsync();
    },
  };
}
