import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { HEARTBEAT_TOPIC_FILTER, PRESENCE_TOPIC_FILTER, parseApplianceTopic } from '#contract/fleet';
import type { LocalRules } from './rules.ts';

/** Options of {@link startExternalBridge}. */
export interface ExternalBridgeOptions {
  /** The broker, e.g. `mqtt://127.0.0.1:1883` (mosquitto). */
  readonly url: string;
  readonly rules: LocalRules;
  /** How long to wait for the broker and the subscription. @default 10000 */
  readonly connectTimeoutMs?: number;
}

/** The running subscription. */
export interface ExternalBridge {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The topic rules on any MQTT broker (`MQTT_URL`): subscribes (QoS 1) to every appliance's
 * heartbeat and presence topics and hands each message to the same rules as the embedded
 * broker. Such a broker knows nothing of appliances: who may connect and publish where is its
 * own ACL configuration (an anonymous mosquitto lets anyone publish as anyone), and its
 * lifecycle is not visible, so presence comes from the agents' own messages (a will for the
 * disconnect), stamped with this process's clock on arrival. Heartbeats of appliances not in
 * the local registry are refused by the heartbeat rule, nothing stored.
 */
export async function startExternalBridge(options: ExternalBridgeOptions): Promise<ExternalBridge> {
  const { rules } = options;
  const client = mqtt.connect(options.url, {
    clientId: `aiops-local-rules-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  });
  client.on('message', (topic, payload) => {
    const receivedAtMs = Date.now();
    const parsed = parseApplianceTopic(topic);
    if (parsed?.kind === 'heartbeat') {
      rules.heartbeat({ payload: payload.toString('base64'), topic, receivedAtMs });
    } else if (parsed?.kind === 'presence') {
      const event = presenceMessage(payload);
      if (event) rules.presence({ ...event, clientId: parsed.applianceId, timestamp: receivedAtMs });
    }
  });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        client.once('connect', () => {
          client.subscribe(
            { [HEARTBEAT_TOPIC_FILTER]: { qos: 1 }, [PRESENCE_TOPIC_FILTER]: { qos: 1 } },
            (err, granted) => {
              if (err) return reject(err);
              if (granted?.some((g) => g.qos === 128))
                return reject(new Error('the broker refused the subscription'));
              resolve();
            },
          );
        });
      }),
      options.connectTimeoutMs ?? 10_000,
      `no MQTT broker answered at ${options.url}`,
    );
  } catch (e) {
    await client.endAsync(true);
    throw e;
  }
  return { url: options.url, close: () => client.endAsync() };
}

/** The fields of an agent's presence message this bridge reads. */
function presenceMessage(
  payload: Buffer,
):
  | { eventType: 'connected' | 'disconnected'; sessionIdentifier?: string; disconnectReason?: string }
  | undefined {
  try {
    const m = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    if (m.eventType !== 'connected' && m.eventType !== 'disconnected') return undefined;
    return {
      eventType: m.eventType,
      ...(typeof m.sessionIdentifier === 'string'
        ? { sessionIdentifier: m.sessionIdentifier.slice(0, 256) }
        : {}),
      ...(typeof m.disconnectReason === 'string'
        ? { disconnectReason: m.disconnectReason.slice(0, 128) }
        : {}),
    };
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
