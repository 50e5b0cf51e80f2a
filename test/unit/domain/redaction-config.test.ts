/**
 * Configured rules (`REDACTION_RULES`) run on RE2, whose search time is linear in the text
 * whatever the pattern: the classic catastrophic patterns are accepted and stay fast, and what
 * RE2 cannot run is refused when the rules are loaded, naming the rule.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '#domain/redaction';
import { loadRedactionRules } from '#domain/redaction-rules';
import { measureGrowth } from '../../support/text-growth.ts';

const only = (rules: readonly object[]) => loadRedactionRules(JSON.stringify(rules), true);

describe('configured redaction rules', () => {
  it.each([
    [{ name: 'ticket', pattern: 'TICKET-\\d+' }, 'see ticket-42 and TICKET-7.'],
    [{ name: 'ticket', pattern: 'TICKET-\\d+', flags: 'g' }, 'ticket-42 TICKET-7'],
    [
      {
        name: 'iban',
        pattern: '\\b(?<cc>[A-Z]{2})\\d{2}(?:\\s?[A-Z0-9]{4}){3,7}\\b',
        replacement: '$<cc>** ($&)',
      },
      'pay DE44 5001 0517 5407 3249 31 now',
    ],
    [{ name: 'line', pattern: '^secret .*$', flags: 'm' }, 'a\nsecret x y\nb'],
    [{ name: 'block', pattern: 'BEGIN.*END', flags: 's' }, 'x BEGIN\n1\nEND y'],
    [{ name: 'accent', pattern: 'é\\u00e9', flags: 'u' }, 'aééb'],
    [{ name: 'kv', pattern: '(user)=(\\w+)', replacement: '$1=[$2 hidden] $$' }, 'user=bob'],
  ])('%j redacts as the same JavaScript pattern would', (rule, text) => {
    // Prepare
    const flags = 'flags' in rule ? rule.flags : 'gi';
    const replacement = 'replacement' in rule ? rule.replacement : `[REDACTED:${rule.name}]`;
    const expected = text.replace(new RegExp(rule.pattern, flags), replacement);

    // Act
    const out = redact(text, only([rule]));

    // Assess
    expect(out).toEqual({ text: expected, matched: [rule.name] });
    expect(out.text).not.toBe(text);
  });

  it.each([
    ['(a+)+$', (n: number) => `${'a'.repeat(n - 1)}!`],
    ['x(\\w+\\s?)*$', (n: number) => `x${'a'.repeat(n - 2)}!`],
    ['(.*a){12}', (n: number) => 'xa'.repeat(n / 2)],
    ['(.*a){12}', (n: number) => 'x'.repeat(n)],
  ])(
    'the catastrophic pattern %s is accepted and its time per character stays flat',
    (pattern, make) => {
      // Prepare
      const rules = only([{ name: 'bad', pattern }]);

      // Act
      const growth = measureGrowth((text) => redact(text, rules), make, {
        small: 16_384,
        large: 262_144,
        rounds: 10,
        stopBelow: 4,
      });

      // Assess
      expect(growth.ratio).toBeLessThan(4);
    },
    60_000,
  );

  it.each([
    ['(a)\\1', 'REDACTION_RULES[0] (r): error parsing regexp: invalid escape sequence: `\\1`'],
    ['(?<id>a)\\k<id>', 'REDACTION_RULES[0] (r): backreference \\k<id>'],
    ['password(?=:)', 'unsupported Perl syntax: `(?=`'],
    ['(?<!x)password', '(?<!x)'],
    ['(?<=x)password', 'no lookahead, lookbehind or backreferences'],
    ['(\\w+\\s?)*$', 'REDACTION_RULES[0] (r): pattern matches the empty text'],
    ['(?:[a-z]{1,20}\\.){1,10}example\\.com', 'pattern too large: 422 RE2 instructions, at most 200'],
    ['a{1001}', 'invalid repeat count'],
  ])('refuses %s when loaded, naming the rule and why', (pattern, message) => {
    // Act
    const load = () => only([{ name: 'r', pattern }]);

    // Assess
    expect(load).toThrow(message);
  });

  it('refuses a flag RE2 has no equivalent for', () => {
    expect(() => only([{ name: 'r', pattern: 'x', flags: 'gy' }])).toThrow(
      'REDACTION_RULES[0] (r): flag "y" is not supported (use g, i, m, s or u)',
    );
  });
});
