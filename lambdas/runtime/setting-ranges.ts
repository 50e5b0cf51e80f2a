/** The whole numbers a setting accepts, and the value it takes when unset. */
export interface SettingRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/**
 * The ranges of the settings a deployment (`lib/config.ts`) passes to its functions, keyed by
 * the environment variable that carries each one. Both the CDK settings schema and the
 * functions' settings parser read them here, so a value the synth accepts is one every
 * function accepts, and the other way round.
 * @example SETTING_RANGES.RETENTION_DAYS // { min: 1, max: 3650, default: 90 }
 */
export const SETTING_RANGES = {
  /** Days a decision is kept before DynamoDB's TTL removes it. */
  RETENTION_DAYS: { min: 1, max: 3650, default: 90 },
  /** Days a single heartbeat is kept (the latest state per appliance never expires). */
  HEARTBEAT_RETENTION_DAYS: { min: 1, max: 3650, default: 7 },
  /**
   * An appliance whose last heartbeat is older than this is reported offline. At most a day:
   * the ApplianceOffline alert fires ten minutes after `aiops_appliance_online` drops, so a
   * longer threshold would keep a dead appliance "online" for longer than anyone watches.
   */
  APPLIANCE_OFFLINE_AFTER_SECONDS: { min: 10, max: 86_400, default: 300 },
  /** How long the authorizer keeps a key lookup in memory (`authMemoryCacheTtlSeconds`). */
  AUTH_CACHE_TTL_SECONDS: { min: 0, max: 3600, default: 60 },
  /** Distinct values each tenant may bring per tenant-chosen metric label. */
  LABEL_VALUES_PER_TENANT: { min: 1, max: 10_000, default: 100 },
} as const satisfies Record<string, SettingRange>;

/** The names of the ranged settings. */
export type RangedSetting = keyof typeof SETTING_RANGES;
