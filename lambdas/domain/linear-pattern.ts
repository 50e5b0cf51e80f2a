/**
 * Configured redaction rules run on RE2 (the pure-JavaScript port `re2js`), which matches in
 * time linear in the text: no backtracking, so no pattern written by an operator can make one
 * search take exponential or polynomial time, whatever the text. The price is RE2's syntax:
 * lookahead, lookbehind and backreferences do not exist there and are refused when loaded.
 */
import { RE2JS } from 're2js';

/** A pattern compiled for a linear-time engine. */
export type LinearPattern = RE2JS;

/** JavaScript flags a configured rule may give, as RE2 flags; `g` is implied (every match is redacted). */
const FLAGS: Readonly<Record<string, number>> = {
  g: 0,
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

/**
 * Largest RE2 program accepted, in instructions. A search keeps at most one thread per
 * instruction, so this bounds the work per character (about 20 ns per live thread); rules for
 * real secrets take 10 to 70 (a UUID 40, an IBAN 54, a PEM block 56).
 */
export const MAX_PROGRAM_SIZE = 200;

const UNSUPPORTED =
  'redaction rules run on RE2, a linear-time engine: no lookahead, lookbehind or backreferences';

/** The first escape the translation to RE2 would silently change (`\k<name>`), or undefined. */
function namedBackreference(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    if (pattern[i + 1] === 'k' && pattern[i + 2] === '<')
      return pattern.slice(i, pattern.indexOf('>', i) + 1 || undefined);
    i++;
  }
  return undefined;
}

/**
 * Compiles a rule's JavaScript pattern and flags for RE2.
 * @throws Error saying what is wrong: unknown flag, unsupported syntax, too large, matches empty text.
 * @example compileLinearPattern('TICKET-\\d+', 'gi').test('see ticket-42') // true
 */
export function compileLinearPattern(pattern: string, flags: string): LinearPattern {
  let re2Flags = 0;
  for (const f of flags) {
    const flag = FLAGS[f];
    if (flag === undefined) throw new Error(`flag "${f}" is not supported (use g, i, m, s or u)`);
    re2Flags |= flag;
  }
  const backreference = namedBackreference(pattern);
  if (backreference) throw new Error(`backreference ${backreference}: ${UNSUPPORTED}`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), re2Flags);
  } catch (e) {
    throw new Error(`${(e as Error).message} (${UNSUPPORTED})`);
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    throw new Error(
      `pattern too large: ${compiled.programSize()} RE2 instructions, at most ${MAX_PROGRAM_SIZE} (the work per character grows with it)`,
    );
  }
  if (compiled.test(''))
    throw new Error('pattern matches the empty text, so it would redact between every character');
  return compiled;
}
