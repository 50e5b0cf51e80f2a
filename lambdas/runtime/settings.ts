import { type RangedSetting, SETTING_RANGES } from './setting-ranges.ts';

/**
 * Settings every function reads from its environment, parsed and validated. The CDK stacks
 * set these (see `functionEnvironment` in `lib/config.ts`); the local stack and tests build
 * them with {@link parseRuntimeEnv} from their own values. Parsed by hand rather than with zod
 * so that the authorizer, which needs no contract, does not load zod on cold start.
 */
export interface RuntimeEnv {
  /** Physical DynamoDB table names are `${TABLE_PREFIX}-decisions` etc. @default 'aiops' */
  readonly TABLE_PREFIX: string;
  /** Days a decision is kept before DynamoDB's TTL removes it. @default 90 */
  readonly RETENTION_DAYS: number;
  /** Days a single heartbeat is kept (the latest state per appliance never expires). @default 7 */
  readonly HEARTBEAT_RETENTION_DAYS: number;
  /** JSON array of extra redaction rules `{name, pattern, flags?, replacement?}`; see README. */
  readonly REDACTION_RULES?: string;
  /** `true` drops the built-in redaction rules and keeps only REDACTION_RULES. @default false */
  readonly REDACTION_REPLACE_DEFAULTS: boolean;
  /** An appliance whose last heartbeat is older than this is reported offline. @default 300 */
  readonly APPLIANCE_OFFLINE_AFTER_SECONDS: number;
  /** How long the authorizer keeps a key lookup in memory. @default 60 */
  readonly AUTH_CACHE_TTL_SECONDS: number;
  /**
   * Distinct values each tenant may bring per tenant-chosen metric label (`action`, `model`,
   * `playbook_type`, `service`); past it they are counted under `other`. @default 100
   */
  readonly LABEL_VALUES_PER_TENANT: number;
}

/** Distinct values per tenant and tenant-chosen label unless `LABEL_VALUES_PER_TENANT` says otherwise. */
export const DEFAULT_LABEL_VALUES_PER_TENANT = SETTING_RANGES.LABEL_VALUES_PER_TENANT.default;

/** Names of the variables above, for the stacks and the local stack. */
export const RUNTIME_ENV_NAMES: readonly (keyof RuntimeEnv)[] = [
  'TABLE_PREFIX',
  'RETENTION_DAYS',
  'HEARTBEAT_RETENTION_DAYS',
  'REDACTION_RULES',
  'REDACTION_REPLACE_DEFAULTS',
  'APPLIANCE_OFFLINE_AFTER_SECONDS',
  'AUTH_CACHE_TTL_SECONDS',
  'LABEL_VALUES_PER_TENANT',
];

/** Variables, as `process.env` holds them. */
export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/**
 * The validated settings of `source`; every call parses again (nothing is cached).
 * @throws Error naming every bad variable, e.g. `invalid environment: RETENTION_DAYS: a whole number from 1 to 3650`
 * @example parseRuntimeEnv({ TABLE_PREFIX: 'staging' }).RETENTION_DAYS // 90
 */
export function parseRuntimeEnv(source: EnvironmentSource): RuntimeEnv {
  const problems: string[] = [];
  const int = (name: RangedSetting): number => {
    const { min, max, default: fallback } = SETTING_RANGES[name];
    const raw = source[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${name}: a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return fallback;
  };
  const replace = source.REDACTION_REPLACE_DEFAULTS ?? 'false';
  if (replace !== 'true' && replace !== 'false') problems.push('REDACTION_REPLACE_DEFAULTS: true or false');
  const env: RuntimeEnv = {
    TABLE_PREFIX: source.TABLE_PREFIX || 'aiops',
    RETENTION_DAYS: int('RETENTION_DAYS'),
    HEARTBEAT_RETENTION_DAYS: int('HEARTBEAT_RETENTION_DAYS'),
    ...(source.REDACTION_RULES ? { REDACTION_RULES: source.REDACTION_RULES } : {}),
    REDACTION_REPLACE_DEFAULTS: replace === 'true',
    APPLIANCE_OFFLINE_AFTER_SECONDS: int('APPLIANCE_OFFLINE_AFTER_SECONDS'),
    AUTH_CACHE_TTL_SECONDS: int('AUTH_CACHE_TTL_SECONDS'),
    LABEL_VALUES_PER_TENANT: int('LABEL_VALUES_PER_TENANT'),
  };
  if (problems.length > 0) throw new Error(`invalid environment: ${problems.join('; ')}`);
  return env;
}
