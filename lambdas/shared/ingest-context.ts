import type { IngestContext } from '#domain/decision-lifecycle';
import { loadRedactionRules, type RedactionRule } from '#domain/redaction';
import { runtimeEnv } from './env.ts';

let rules: RedactionRule[] | undefined;

/**
 * The redaction rules of this environment (`REDACTION_RULES`, `REDACTION_REPLACE_DEFAULTS`), loaded once.
 * @throws Error naming a configured rule that cannot be loaded.
 * @example redactionRules().map((r) => r.name) // ['private_key', 'jwt', ...]
 */
export function redactionRules(): RedactionRule[] {
  const env = runtimeEnv();
  rules ??= loadRedactionRules(env.REDACTION_RULES, env.REDACTION_REPLACE_DEFAULTS);
  return rules;
}

/** The ingest context of a request: tenant, clock, retention and the configured redaction rules. */
export function ingestContext(customerId: string, receivedAt = new Date()): IngestContext {
  return { customerId, receivedAt, retentionDays: runtimeEnv().RETENTION_DAYS, rules: redactionRules() };
}

/** Forget the parsed rules (the environment changed). */
export function resetIngestContext(): void {
  rules = undefined;
}
