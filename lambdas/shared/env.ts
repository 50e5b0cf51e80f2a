import { z } from 'zod';

/**
 * Settings every function reads from its environment, parsed once and validated.
 * The CDK stacks set these; the local stack sets the same names.
 */
export const runtimeEnvSchema = z.object({
  /** Physical DynamoDB table names are `${TABLE_PREFIX}-decisions` etc. */
  TABLE_PREFIX: z.string().min(1).default('aiops'),
  /** Days a decision is kept before DynamoDB's TTL removes it. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days a single heartbeat is kept (the latest state per appliance never expires). */
  HEARTBEAT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** JSON array of extra redaction rules `{name, pattern, flags?, replacement?}`; see README. */
  REDACTION_RULES: z.string().optional(),
  /** `true` drops the built-in redaction rules and keeps only REDACTION_RULES. */
  REDACTION_REPLACE_DEFAULTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** An appliance whose last heartbeat is older than this is reported offline. */
  APPLIANCE_OFFLINE_AFTER_SECONDS: z.coerce.number().int().min(10).default(300),
  /** How long the authorizer keeps a key lookup in memory. */
  AUTH_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
});
export type RuntimeEnv = z.infer<typeof runtimeEnvSchema>;

/** Names of the variables above, for the stacks and the local stack. */
export const RUNTIME_ENV_NAMES = Object.keys(runtimeEnvSchema.shape) as (keyof RuntimeEnv)[];

let cached: RuntimeEnv | undefined;

/** The validated environment; throws a readable error naming the bad variable. */
export function runtimeEnv(source: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  if (source === process.env && cached) return cached;
  const parsed = runtimeEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/** Forget the cached environment (tests and the local stack change it). */
export function resetRuntimeEnv(): void {
  cached = undefined;
}
