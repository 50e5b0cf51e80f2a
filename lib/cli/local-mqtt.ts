import { join } from 'node:path';
import { LocalApplianceRegistry } from '../fleet/local-registry.ts';
import type { LocalMqttOptions } from '../local/mqtt/index.ts';
import type { LocalStack } from '../local/stack.ts';

/** The embedded broker's port for `aiops-obs local` (1883 is usually a system mosquitto's). */
export const DEFAULT_LOCAL_MQTT_PORT = 1884;

/** Where `aiops-obs local` and `appliances register --local` keep local registrations. */
export const LOCAL_REGISTRY_FILE = join(process.cwd(), '.aiops', 'appliances.json');

/** What the running local stack publishes about its MQTT side (in `.aiops/local.json`). */
export interface LocalMqttState {
  readonly url: string;
  readonly mode: 'embedded' | 'external';
  readonly registryFile: string;
}

/** The stack's `mqtt` option from the `local` command's flags (`--no-mqtt`, `--mqtt-port`, `--mqtt-host`). */
export function localMqttOption(opts: {
  readonly mqtt?: boolean;
  readonly mqttPort?: string;
  readonly mqttHost?: string;
}): false | LocalMqttOptions {
  if (opts.mqtt === false) return false;
  return {
    port: Number(opts.mqttPort ?? DEFAULT_LOCAL_MQTT_PORT),
    ...(opts.mqttHost ? { host: opts.mqttHost } : {}),
    registry: LocalApplianceRegistry.file(LOCAL_REGISTRY_FILE),
  };
}

/** The `mqtt` entry of the local state file, when the stack runs one. */
export function localMqttState(stack: LocalStack): { mqtt?: LocalMqttState } {
  const m = stack.mqtt;
  if (!m) return {};
  return { mqtt: { url: m.url, mode: m.mode, registryFile: m.registry.filePath ?? LOCAL_REGISTRY_FILE } };
}

/** The banner line of the MQTT side. */
export function localMqttBanner(stack: LocalStack): string {
  const m = stack.mqtt;
  if (!m) return '';
  const how =
    m.mode === 'embedded'
      ? 'appliances: aiops-obs appliances register --local'
      : "subscribed; ACLs are that broker's";
  return `  MQTT:         ${m.url} (${m.mode}; ${how})\n`;
}
