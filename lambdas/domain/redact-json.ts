import { type RedactionRule, redact } from './redaction.ts';

/** Keys whose values are secrets whatever they look like. */
const SENSITIVE_KEY = /pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|pwd|pin$/i;

/** Redacts many values of one event and remembers which rules matched. */
export interface Redactor {
  /** Redacts one text. */
  text(value: string): string;
  /**
   * Redacts a JSON value: string leaves pass the rules, and a scalar under a key that names
   * a secret (password, token, ...) is replaced whole.
   */
  json<T>(value: T): T;
  /** Names of the rules that matched so far, sorted. */
  matched(): string[];
}

/**
 * @example
 * const r = createRedactor(DEFAULT_REDACTION_RULES);
 * r.json({ user: 'bob', password: 'x' }); // { user: 'bob', password: '[REDACTED:sensitive_key]' }
 * r.matched(); // ['sensitive_key']
 */
export function createRedactor(rules: readonly RedactionRule[]): Redactor {
  const matched = new Set<string>();
  const text = (value: string): string => {
    const r = redact(value, rules);
    for (const m of r.matched) matched.add(m);
    return r.text;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (SENSITIVE_KEY.test(k) && v !== null && typeof v !== 'object' && v !== '') {
          out[k] = '[REDACTED:sensitive_key]';
          matched.add('sensitive_key');
        } else out[k] = walk(v);
      }
      return out;
    }
    return value;
  };
  return { text, json: <T>(value: T) => walk(value) as T, matched: () => [...matched].sort() };
}
