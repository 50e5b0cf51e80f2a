// Type only: the RE2 engine is loaded by the configured rules (redaction-rules.ts) alone, so a
// function that redacts with rules it is given, or with the built-in ones, does not bundle it.
import type { LinearPattern } from './linear-pattern.ts';

/** One redaction rule: what to find and what to put in its place. */
export interface RedactionRule {
  readonly name: string;
  /**
   * A global RegExp (the built-in rules, written so that no input makes them backtrack more
   * than a constant number of times per character), or a pattern compiled for RE2 (configured rules).
   */
  readonly pattern: RegExp | LinearPattern;
  /** Replacement text; `$1`-style groups allowed. @default `[REDACTED:<name>]` */
  readonly replacement?: string;
  /**
   * Words of which every match holds at least one (in lower case when the pattern ignores case):
   * a text holding none of them cannot match, so the pattern is not run on it. Searching a text
   * for a few words is much cheaper than running a pattern that starts with a lookbehind or `\b`
   * at every position, and most texts hold no secret at all. Only read for a RegExp without the
   * `u` or `v` flag, whose case folding is the one `toLowerCase` gives on ASCII letters.
   * @default - every text is searched
   */
  readonly needs?: readonly string[];
}

/**
 * Built-in rules: secrets, tokens and passwords an operator may paste into a request.
 * Key/value rules keep the key and hide the value, so the query stays readable.
 *
 * Every rule runs in time linear in the text. A rule that may start at many places inside one
 * run of characters (after each `.` or `-`) starts only where the run starts, and takes the run
 * whole: every later start in the run would reach the same end, so trying them would repeat the
 * same scan once per start (quadratic). `(?=(x*?)y)\1` is an atomic group: once the lookahead
 * has found the first `y`, the engine never comes back to try a later one.
 */
export const DEFAULT_REDACTION_RULES: readonly RedactionRule[] = [
  {
    name: 'private_key',
    needs: ['-----BEGIN '],
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  {
    // header.payload.signature, from the first `eyJ` of a run of token characters
    name: 'jwt',
    needs: ['eyJ'],
    pattern: /(?<![\w-])(?=([\w-]*?)\beyJ)\1eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g,
    replacement: '$1[REDACTED:jwt]',
  },
  {
    name: 'bearer_token',
    needs: ['bearer', 'basic'],
    pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
    replacement: '$1 [REDACTED:bearer_token]',
  },
  {
    name: 'aws_access_key_id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    needs: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
  },
  { name: 'api_key', pattern: /\baiops_[a-z2-7]{8}_[A-Za-z0-9_-]{20,}/g, needs: ['aiops_'] },
  {
    name: 'github_token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g,
    needs: ['gh', 'github_pat_'],
  },
  { name: 'slack_token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, needs: ['xox'] },
  {
    name: 'url_credentials',
    needs: ['://'],
    // scheme://user:secret@ where the scheme's run of characters holds a word that starts with a letter
    pattern: /(?<![a-z0-9+.-])(?=[a-z0-9+.-]*?\b[a-z])([a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi,
    replacement: '$1[REDACTED:url_credentials]@',
  },
  {
    // key: value / key=value where the key names a secret, also inside longer keys (samba_password,
    // X-Api-Token): the key word ends its run of key characters, since `:`, `=`, quotes and spaces are not in it
    name: 'password',
    needs: ['pass', 'pwd', 'secret', 'key', 'token'],
    pattern:
      /(?<![\w.-])([\w.-]*(?:password|passwd|pwd|passphrase|secret|secret[_-]?key|api[_-]?key|access[_-]?key|auth[_-]?token|token|client[_-]?secret)\b["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi,
    replacement: '$1[REDACTED:password]',
  },
  {
    // "the password for bob is X", "set the password to X"
    name: 'password_phrase',
    needs: ['pass', 'pin'],
    pattern: /\b((?:password|passwd|passphrase|pin)(?:\s+for\s+[\w.@-]+)?\s+(?:is|to|=)\s+)(\S+)/gi,
    replacement: '$1[REDACTED:password]',
  },
];

/** The result of redacting one text. */
export interface Redacted {
  readonly text: string;
  /** Names of the rules that matched at least once. */
  readonly matched: readonly string[];
}

/**
 * Applies every rule in order.
 * @example redact('mysql password=hunter2', DEFAULT_REDACTION_RULES).text // 'mysql password=[REDACTED:password]'
 */
export function redact(text: string, rules: readonly RedactionRule[]): Redacted {
  let out = text;
  let lower: string | undefined;
  const matched: string[] = [];
  for (const rule of rules) {
    const replacement = rule.replacement ?? `[REDACTED:${rule.name}]`;
    const { pattern, needs } = rule;
    if (pattern instanceof RegExp) {
      if (needs && !pattern.unicode && !pattern.unicodeSets) {
        if (pattern.ignoreCase && lower === undefined) lower = out.toLowerCase();
        const haystack = pattern.ignoreCase ? (lower as string) : out;
        if (!needs.some((word) => haystack.includes(word))) continue;
      }
      pattern.lastIndex = 0;
      if (!pattern.test(out)) continue;
      pattern.lastIndex = 0;
      out = out.replace(pattern, replacement);
    } else {
      if (!pattern.test(out)) continue;
      out = pattern.matcher(out).replaceAll(replacement);
    }
    lower = undefined;
    matched.push(rule.name);
  }
  return { text: out, matched };
}
