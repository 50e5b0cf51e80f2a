import { type RedactionRule, redact } from './redaction.ts';

/** Words of a key that name a secret: `password`, `db_pass`, `clientSecret`, `X-Api-Key`, `privateKey`. */
const SECRET_WORDS = new Set([
  'pass',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'pin',
  'credential',
  'credentials',
  'privatekey',
  'accesskey',
]);

/** Keys already judged: agents send the same few parameter names over and over. */
const judged = new Map<string, boolean>();
/** Keys remembered at most; past it the memory starts again, so odd keys cannot grow it. */
const MAX_JUDGED_KEYS = 1024;

/** Whether a JSON key names a secret, judged word by word (so `bypass_cache` or `max_tokens` do not). */
export function isSecretKey(key: string): boolean {
  const known = judged.get(key);
  if (known !== undefined) return known;
  if (judged.size >= MAX_JUDGED_KEYS) judged.clear();
  const secret = namesSecret(key);
  judged.set(key, secret);
  return secret;
}

function namesSecret(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w, i) => SECRET_WORDS.has(w) || SECRET_WORDS.has(`${w}${words[i + 1] ?? ''}`));
}

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
        if (isSecretKey(k) && v !== null && typeof v !== 'object' && v !== '') {
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
