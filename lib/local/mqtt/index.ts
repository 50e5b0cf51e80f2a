import type { Runtime } from '#runtime/runtime';
import { LocalApplianceRegistry } from '../../fleet/local-registry.ts';
import { startEmbeddedBroker } from './embedded-broker.ts';
import { startExternalBridge } from './external-bridge.ts';
import { LocalRules } from './rules.ts';

export { LocalRules } from './rules.ts';

/** Options of the local MQTT side. */
export interface LocalMqttOptions {
  /** Embedded broker port; 0 takes any free port. @default 0 */
  readonly port?: number;
  /** Embedded broker address. @default '127.0.0.1' */
  readonly host?: string;
  /** Subscribe to this broker instead of embedding one (e.g. mosquitto). @default $MQTT_URL */
  readonly url?: string;
  /** Registered appliances. @default in memory */
  readonly registry?: LocalApplianceRegistry;
  /** Keep the rules' dead letters here (`mqtt-dead-letters.jsonl`). @default in memory */
  readonly dataDir?: string;
}

/** The running MQTT side of the local stack. */
export interface LocalMqtt {
  /** Where appliances connect: the embedded broker, or `MQTT_URL`. */
  readonly url: string;
  /**
   * `embedded`: aedes with per-appliance credentials and topics, presence from the broker.
   * `external`: any broker; its ACLs are its own, presence comes from the agents' messages.
   */
  readonly mode: 'embedded' | 'external';
  readonly registry: LocalApplianceRegistry;
  readonly rules: LocalRules;
  /** Refused connects, publishes and subscriptions (embedded only). */
  readonly refusals?: { publish: number; subscribe: number; connect: number };
  stop(): Promise<void>;
}

/**
 * The fleet stack on one machine: the appliance registry the handlers read tenants from, the
 * topic rules, and an embedded aedes broker enforcing the IoT policy's rule, or, with a URL
 * (`MQTT_URL`), a subscription to that broker instead. The rules' handlers run on `runtime`.
 */
export async function startLocalMqtt(runtime: Runtime, options: LocalMqttOptions = {}): Promise<LocalMqtt> {
  const registry = options.registry ?? LocalApplianceRegistry.memory();
  const rules = await LocalRules.start(
    { runtime, registry },
    options.dataDir ? { deadLetterDir: options.dataDir } : {},
  );
  const url = options.url ?? process.env.MQTT_URL;
  if (url) {
    const bridge = await startExternalBridge({ url, rules });
    return {
      url,
      mode: 'external',
      registry,
      rules,
      stop: async () => {
        await bridge.close();
        await rules.idle();
      },
    };
  }
  const broker = await startEmbeddedBroker({
    registry,
    rules,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  return {
    url: broker.url,
    mode: 'embedded',
    registry,
    rules,
    refusals: broker.refusals,
    stop: async () => {
      await broker.close();
      await rules.idle();
    },
  };
}
