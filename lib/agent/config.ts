import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { applianceId } from '#contract/common';
import { heartbeatTopic } from '#contract/fleet';
import { LIMITS } from '#contract/limits';
import { apiKeyTransportProblem } from './key-transport.ts';

const serviceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'a systemd unit name');

/** The agent's settings, as in its JSON config file (paths relative to that file). */
export const agentConfigSchema = z
  .strictObject({
    /** The appliance (and, with IoT Core, the thing name and client id). */
    applianceId,
    /** Seconds between heartbeats. @default 10 */
    intervalSeconds: z.number().min(1).max(3600).default(10),
    /** The broker; absent sends over HTTPS only. */
    mqtt: z
      .strictObject({
        /** `mqtts://<endpoint>:8883` for IoT Core, `mqtt://host:1883`, `mqtts://`, `ws(s)://`. */
        url: z.url({ protocol: /^(mqtts?|tls|wss?)$/ }),
        /** @default the appliance id */
        clientId: z.string().min(1).max(128).optional(),
        /** @default `aiops/appliances/<applianceId>/heartbeat` */
        topic: z.string().min(1).optional(),
        username: z.string().optional(),
        /** A file holding the password (the local broker's, written 0600 by `appliances register --local`). */
        passwordFile: z.string().optional(),
        /** Client certificate, private key and CA (PEM files) for mutual TLS. */
        cert: z.string().optional(),
        key: z.string().optional(),
        ca: z.string().optional(),
        /** Verify the broker's certificate. @default true */
        rejectUnauthorized: z.boolean().default(true),
        /** @default 30 */
        keepaliveSeconds: z.number().int().min(5).max(1200).default(30),
        /**
         * Publish connect/disconnect messages (and a will) on `aiops/appliances/<id>/presence`, for
         * brokers without lifecycle events. Off for IoT Core and the embedded broker (which refuse it).
         * @default false
         */
        presenceMessages: z.boolean().default(false),
      })
      .optional(),
    /** `POST /v1/heartbeats` when MQTT has been down for `afterSeconds` (or when there is no broker). */
    https: z
      .strictObject({
        /** The API's base URL: `https://`, or `http://` to this machine only (the API key goes with every request). */
        url: z.url({ protocol: /^https?$/ }).superRefine((url, ctx) => {
          const problem = apiKeyTransportProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
        /** A file holding the API key (scope `heartbeats:write`). @default $AIOPS_API_KEY */
        apiKeyFile: z.string().optional(),
        /** @default 60 */
        afterSeconds: z.number().min(0).max(86_400).default(60),
      })
      .optional(),
    /** systemd units reported as services (`systemctl is-active`). @default none */
    services: z.array(serviceName).max(LIMITS.maxServices).default([]),
    /** The file system whose use is `diskPercent`. @default '/' */
    diskPath: z.string().default('/'),
    /** Heartbeats kept while offline; the oldest is dropped beyond. @default 8640 (a day at 10 s) */
    bufferSize: z.number().int().min(1).max(1_000_000).default(8640),
    /** @default 'systemctl' */
    systemctl: z.string().default('systemctl'),
  })
  .refine((c) => c.mqtt || c.https, { message: 'configure mqtt, https or both' });

export type AgentConfigInput = z.input<typeof agentConfigSchema>;

/** Settings with defaults applied, paths absolute, secrets read. */
export type AgentConfig = z.output<typeof agentConfigSchema> & {
  readonly topic?: string;
  readonly password?: string;
  readonly apiKey?: string;
};

/**
 * Validates settings (defaults applied), resolves file paths against `baseDir` and reads the
 * password and API key files.
 * @throws Error naming every bad field, or a file that cannot be read
 */
export async function resolveAgentConfig(input: unknown, baseDir = process.cwd()): Promise<AgentConfig> {
  const parsed = agentConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new Error(`invalid agent config: ${issues.join('; ')}`);
  }
  const c = parsed.data;
  const path = (p: string | undefined) => (p ? resolve(baseDir, p) : undefined);
  const read = async (p: string | undefined) =>
    p
      ? (
          await readFile(p, 'utf8').catch((e: Error) =>
            Promise.reject(new Error(`cannot read ${p}: ${e.message}`)),
          )
        ).trim()
      : undefined;
  const mqtt = c.mqtt && {
    ...c.mqtt,
    ...(c.mqtt.cert ? { cert: path(c.mqtt.cert) } : {}),
    ...(c.mqtt.key ? { key: path(c.mqtt.key) } : {}),
    ...(c.mqtt.ca ? { ca: path(c.mqtt.ca) } : {}),
    ...(c.mqtt.passwordFile ? { passwordFile: path(c.mqtt.passwordFile) } : {}),
  };
  const https = c.https && {
    ...c.https,
    ...(c.https.apiKeyFile ? { apiKeyFile: path(c.https.apiKeyFile) } : {}),
  };
  const password = await read(mqtt?.passwordFile);
  const apiKey = (await read(https?.apiKeyFile)) ?? (https ? process.env.AIOPS_API_KEY : undefined);
  return {
    ...c,
    ...(mqtt ? { mqtt, topic: mqtt.topic ?? heartbeatTopic(c.applianceId) } : {}),
    ...(https ? { https } : {}),
    ...(password ? { password } : {}),
    ...(apiKey ? { apiKey } : {}),
  } as AgentConfig;
}

/**
 * Reads a JSON config file as it is (not yet validated), with the directory its paths are relative to.
 * @throws Error `cannot read the agent config <file>: ...` when it cannot be read or is not JSON
 * @example const { input, baseDir } = await readAgentConfigFile('agent.json');
 */
export async function readAgentConfigFile(
  file: string,
): Promise<{ input: Record<string, unknown>; baseDir: string }> {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot read the agent config ${file}: ${(e as Error).message}`);
  }
  return { input, baseDir: dirname(resolve(file)) };
}

/** Reads and resolves a JSON config file (paths in it are relative to the file). */
export async function loadAgentConfig(
  file: string,
  overrides: Record<string, unknown> = {},
): Promise<AgentConfig> {
  const { input, baseDir } = await readAgentConfigFile(file);
  return resolveAgentConfig({ ...input, ...overrides }, baseDir);
}
