import type { IngestContext } from '#domain/decision-events';
import { loadRedactionRules, type RedactionRule } from '#domain/redaction';
import { runtimeEnv } from './env.ts';

let rules: RedactionRule[] | undefined;

/** The ingest context of a request: tenant, clock, retention and the configured redaction rules. */
export function ingestContext(customerId: string, receivedAt = new Date()): IngestContext {
  const env = runtimeEnv();
  rules ??= loadRedactionRules(env.REDACTION_RULES, env.REDACTION_REPLACE_DEFAULTS);
  return { customerId, receivedAt, retentionDays: env.RETENTION_DAYS, rules };
}

/** Forget the parsed rules (the environment changed). */
export function resetIngestContext(): void {
  rules = undefined;
}
