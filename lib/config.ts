import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';
import { loadRedactionRules } from '#domain/redaction-rules';
import { type RangedSetting, SETTING_RANGES } from '#runtime/setting-ranges';
import type { RuntimeEnv } from '#runtime/settings';
import { alertingConfigSchema } from './alerting-config.ts';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A setting the functions also read: its range and default are the functions' own. */
const ranged = (name: RangedSetting) => {
  const range = SETTING_RANGES[name];
  return int(range.min, range.max).default(range.default);
};
/** `true`/`false` from JSON, or the strings `-c key=true` gives. */
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
/** An object from JSON, or the JSON string `-c key='{...}'` gives. */
const jsonObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? safeJson(v) : v), schema);

/** Aurora capacity units: 0 to 256 in steps of 0.5. */
const acu = z.coerce
  .number()
  .min(0)
  .max(256)
  .refine((n) => Number.isInteger(n * 2), { message: 'must be a multiple of 0.5' });

/** The deployment settings, validated; every field has a default. */
export const appConfigSchema = z
  .strictObject({
    /**
     * Prefix of every physical name: tables are `${prefix}-decisions`, stacks `${prefix}-data`.
     * Lower-case letters, digits and hyphens, starting with a letter.
     * @default 'aiops'
     */
    prefix: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,31}$/,
        'lower-case letters, digits and hyphens, starting with a letter (max 32)',
      )
      .default('aiops'),
    /** Days a decision is kept before DynamoDB's TTL removes it. @default 90 */
    retentionDays: ranged('RETENTION_DAYS'),
    /** Days a single heartbeat is kept (the latest state per appliance never expires). @default 7 */
    heartbeatRetentionDays: ranged('HEARTBEAT_RETENTION_DAYS'),
    /** An appliance whose last heartbeat is older than this is reported offline. @default 300 */
    applianceOfflineAfterSeconds: ranged('APPLIANCE_OFFLINE_AFTER_SECONDS'),
    /**
     * Distinct values each tenant may bring per tenant-chosen metric label (`action`, `model`,
     * `playbook_type`, `service`; env `LABEL_VALUES_PER_TENANT`). Past it, a tenant's new values
     * are counted under `other` and `aiops_label_values_folded_total` counts the folding.
     * Raising it admits new values from then on; lowering it keeps the values admitted before.
     * @default 100
     */
    labelValuesPerTenant: ranged('LABEL_VALUES_PER_TENANT'),
    /** Seconds API Gateway caches an authorizer answer per API key (0 disables). @default 300 */
    authCacheTtlSeconds: int(0, 3600).default(300),
    /**
     * Seconds the authorizer Lambda keeps a key lookup in memory (env `AUTH_CACHE_TTL_SECONDS`).
     * A revoked key stops working after at most `authCacheTtlSeconds + authMemoryCacheTtlSeconds`.
     * @default 60
     */
    authMemoryCacheTtlSeconds: ranged('AUTH_CACHE_TTL_SECONDS'),
    /** Default route throttling of the API stage. @default { rateLimit: 100, burstLimit: 200 } */
    throttle: jsonObject(
      z.strictObject({
        /** Steady-state requests per second. @default 100 */
        rateLimit: int(1, 100_000).default(100),
        /** Burst bucket size. @default 200 */
        burstLimit: int(1, 100_000).default(200),
      }),
    ).prefault({}),
    /** Retention of every log group (Lambda and API access logs); a CloudWatch Logs value. @default 30 */
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Powertools log level of every function. @default 'INFO' */
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * Extra redaction rules, a JSON array `[{name, pattern, flags?, replacement?}]` (a string, or
     * the array itself in a config file); passed as env `REDACTION_RULES`. Patterns run on RE2
     * (linear time): one RE2 cannot run fails the synth, naming the rule.
     * @default - the built-in rules only
     */
    redactionRules: z
      .preprocess(
        (v) => (Array.isArray(v) ? JSON.stringify(v) : v),
        z.string().superRefine((s, ctx) => {
          try {
            loadRedactionRules(s);
          } catch (e) {
            ctx.addIssue({ code: 'custom', message: (e as Error).message });
          }
        }),
      )
      .optional(),
    /** `true` keeps only `redactionRules` and drops the built-in ones. @default false */
    redactionReplaceDefaults: bool.default(false),
    /** `retain` keeps tables (with deletion protection) and log groups when a stack is deleted. @default 'retain' */
    removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
    /** X-Ray active tracing on every function. @default true */
    tracing: bool.default(true),
    /** Retries of a failing stream batch (bisected each time) before it reaches the on-failure queue. @default 5 */
    streamRetryAttempts: int(0, 10_000).default(5),
    /** The iterator-age alarm of a stream consumer fires above this many seconds. @default 60 */
    iteratorAgeAlarmSeconds: int(1, 604_800).default(60),
    /** Aurora Serverless v2 minimum capacity in ACUs: 0 pauses the idle cluster, or 0.5 and up. @default 0 */
    replicaMinCapacity: acu.default(0),
    /** Aurora Serverless v2 maximum capacity in ACUs, at least 1 and at least the minimum. @default 4 */
    replicaMaxCapacity: acu.refine((n) => n >= 1, { message: 'must be at least 1' }).default(4),
    /** Days of automated backups of the replica cluster. @default 7 */
    replicaBackupRetentionDays: int(1, 35).default(7),
    /**
     * Amazon Managed Grafana (observability stack): the workspace, its data sources and dashboards.
     * Needs IAM Identity Center in the account or organization (authentication is AWS_SSO).
     * @default { enabled: true, version: '10.4' }
     */
    grafana: jsonObject(
      z.strictObject({
        /** Deploy the workspace and provision it. @default true */
        enabled: bool.default(true),
        /** Grafana version of the workspace (`aws grafana list-versions` lists them). @default '10.4' */
        version: z
          .string()
          .regex(/^\d+\.\d+$/, 'a Grafana version such as 10.4')
          .default('10.4'),
      }),
    ).prefault({}),
    /**
     * Thresholds of the CloudWatch alarms (observability stack); the iterator-age warning is
     * `iteratorAgeAlarmSeconds`.
     * @default { api5xxPercent: 5, apiP95LatencyMs: 5000, functionErrors: 0, iteratorAgeCriticalSeconds: 3600, exporterFailureMinutes: 5 }
     */
    alarms: jsonObject(
      z.strictObject({
        /** API 5xx responses, percent of requests over 5 minutes (critical). @default 5 */
        api5xxPercent: z.coerce.number().gt(0).max(100).default(5),
        /** API p95 latency over 5 minutes, in milliseconds (warning). @default 5000 */
        apiP95LatencyMs: int(1, 30_000).default(5000),
        /** A function with more errors than this in 5 minutes (warning). @default 0 */
        functionErrors: int(0, 1_000_000).default(0),
        /** Stream iterator age that pages, in seconds (streams keep records 24 hours). @default 3600 */
        iteratorAgeCriticalSeconds: int(1, 86_400).default(3600),
        /** Consecutive minutes of failed remote writes that page (AMP goes stale). @default 5 */
        exporterFailureMinutes: int(1, 60).default(5),
      }),
    ).prefault({}),
    /**
     * The alert fan-out (alerting stack): routing table, grouping, e-mail address, links and
     * secrets; see `lib/alerting-config.ts`.
     * @default - the defaults of each field in `lib/alerting-config.ts`
     */
    alerting: jsonObject(alertingConfigSchema).prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.replicaMaxCapacity < c.replicaMinCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicaMaxCapacity'],
        message: `must be at least replicaMinCapacity (${c.replicaMinCapacity})`,
      });
    }
    if (c.alarms.iteratorAgeCriticalSeconds <= c.iteratorAgeAlarmSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarms', 'iteratorAgeCriticalSeconds'],
        message: `must be above iteratorAgeAlarmSeconds (${c.iteratorAgeAlarmSeconds}), the warning`,
      });
    }
  });

/** Validated deployment settings. */
export type AppConfig = Readonly<z.infer<typeof appConfigSchema>>;
/** What a config file or context may hold before defaults apply. */
export type AppConfigInput = z.input<typeof appConfigSchema>;

/** The context keys read individually (`-c retentionDays=30`); they win over the file. */
export const CONFIG_KEYS = Object.keys(appConfigSchema.shape) as (keyof AppConfig)[];

/**
 * Validates settings and applies defaults.
 * @throws Error naming every bad field, e.g. `invalid config: retentionDays: Too small: ...`.
 * @example parseConfig({ prefix: 'staging' }).retentionDays // 90
 */
export function parseConfig(input: unknown): AppConfig {
  const parsed = appConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => {
    const field = i.path.join('.');
    return field ? `${field}: ${i.message}` : i.message;
  });
  throw new Error(`invalid config: ${issues.join('; ')}`);
}

/**
 * Reads the settings from CDK context: the JSON file named by `config` (`-c config=env/prod.json`,
 * relative to the working directory), then each key of {@link CONFIG_KEYS} given on its own.
 * @throws Error when the file cannot be read or a field is invalid.
 */
export function loadConfig(node: Node): AppConfig {
  const file = node.tryGetContext('config') as unknown;
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    if (typeof file !== 'string') throw new Error('invalid config: config: must be a path to a JSON file');
    const json = safeJson(readText(resolve(file)));
    if (json === undefined || typeof json !== 'object' || Array.isArray(json) || json === null) {
      throw new Error(`invalid config: config: ${file} is not a JSON object`);
    }
    fromFile = json as Record<string, unknown>;
  }
  const fromKeys: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = node.tryGetContext(key) as unknown;
    if (value !== undefined) fromKeys[key] = value;
  }
  return parseConfig({ ...fromFile, ...fromKeys });
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`invalid config: config: cannot read ${path}: ${(e as Error).message}`);
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * The environment every function gets from the settings (names parsed by `#runtime/settings`).
 * `REDACTION_RULES` and `REDACTION_REPLACE_DEFAULTS` appear only when set.
 * @example functionEnvironment(parseConfig({})).RETENTION_DAYS // '90'
 */
export function functionEnvironment(config: AppConfig): Partial<Record<keyof RuntimeEnv, string>> {
  return {
    TABLE_PREFIX: config.prefix,
    RETENTION_DAYS: String(config.retentionDays),
    HEARTBEAT_RETENTION_DAYS: String(config.heartbeatRetentionDays),
    APPLIANCE_OFFLINE_AFTER_SECONDS: String(config.applianceOfflineAfterSeconds),
    AUTH_CACHE_TTL_SECONDS: String(config.authMemoryCacheTtlSeconds),
    LABEL_VALUES_PER_TENANT: String(config.labelValuesPerTenant),
    ...(config.redactionRules ? { REDACTION_RULES: config.redactionRules } : {}),
    ...(config.redactionReplaceDefaults ? { REDACTION_REPLACE_DEFAULTS: 'true' } : {}),
  };
}

/** `RemovalPolicy.RETAIN` when the settings say `retain`, else `RemovalPolicy.DESTROY`. */
export function removalPolicyOf(config: AppConfig): RemovalPolicy {
  return config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** What every function takes from the settings besides its environment. */
export interface FunctionSettings {
  readonly logLevel: AppConfig['logLevel'];
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly tracing: boolean;
}

/**
 * The log level, log retention, removal policy and tracing every function gets from the settings.
 * @example new PowertoolsFunction(this, 'Fn', { name, ...functionSettings(config) });
 */
export function functionSettings(config: AppConfig): FunctionSettings {
  return {
    logLevel: config.logLevel,
    logRetention: config.logRetentionDays as RetentionDays,
    removalPolicy: removalPolicyOf(config),
    tracing: config.tracing,
  };
}
