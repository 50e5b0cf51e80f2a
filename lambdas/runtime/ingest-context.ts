import type { IngestContext } from '#domain/decision-lifecycle';
import { loadRedactionRules } from '#domain/redaction-rules';
import type { RuntimeBasics } from './basics.ts';

/** The ingest context of one request, for a tenant (received now unless given). */
export type IngestContextOf = (customerId: string, receivedAt?: Date) => IngestContext;

/**
 * The ingest contexts of a runtime: its clock, retention and redaction rules
 * (`REDACTION_RULES`, `REDACTION_REPLACE_DEFAULTS`), the rules loaded once, here.
 * @throws Error naming a configured rule that cannot be loaded
 * @example const contextOf = ingestContexts(runtime); decisions.write({ section: 'decision', event }, contextOf(principal.customerId));
 */
export function ingestContexts({ settings, now }: RuntimeBasics): IngestContextOf {
  const rules = loadRedactionRules(settings.REDACTION_RULES, settings.REDACTION_REPLACE_DEFAULTS);
  return (customerId, receivedAt = now()) => ({
    customerId,
    receivedAt,
    retentionDays: settings.RETENTION_DAYS,
    rules,
  });
}
