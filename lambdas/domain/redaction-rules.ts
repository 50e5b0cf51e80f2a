import { compileLinearPattern, type LinearPattern } from './linear-pattern.ts';
import { DEFAULT_REDACTION_RULES, type RedactionRule } from './redaction.ts';

/**
 * Builds the rule list from configuration: the defaults (unless replaced) plus rules
 * given as JSON `[{ "name", "pattern", "flags"?, "replacement"? }]`. Configured patterns are
 * compiled for RE2 (linear time whatever the pattern; see {@link compileLinearPattern}).
 * @throws Error naming the bad rule when the JSON or a pattern is invalid or unsupported.
 * @example loadRedactionRules('[{"name":"ticket","pattern":"TICKET-\\d+"}]').at(-1)?.name // 'ticket'
 */
export function loadRedactionRules(json: string | undefined, replaceDefaults = false): RedactionRule[] {
  const extra: RedactionRule[] = [];
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new Error('REDACTION_RULES is not valid JSON');
    }
    if (!Array.isArray(parsed)) throw new Error('REDACTION_RULES must be a JSON array');
    parsed.forEach((r, i) => {
      const rule = r as { name?: unknown; pattern?: unknown; flags?: unknown; replacement?: unknown };
      if (typeof rule.name !== 'string' || typeof rule.pattern !== 'string') {
        throw new Error(`REDACTION_RULES[${i}] needs a string name and pattern`);
      }
      const flags = typeof rule.flags === 'string' ? rule.flags : 'gi';
      let pattern: LinearPattern;
      try {
        pattern = compileLinearPattern(rule.pattern, flags);
      } catch (e) {
        throw new Error(`REDACTION_RULES[${i}] (${rule.name}): ${(e as Error).message}`);
      }
      extra.push({
        name: rule.name,
        pattern,
        ...(typeof rule.replacement === 'string' ? { replacement: rule.replacement } : {}),
      });
    });
  }
  return replaceDefaults ? extra : [...DEFAULT_REDACTION_RULES, ...extra];
}
