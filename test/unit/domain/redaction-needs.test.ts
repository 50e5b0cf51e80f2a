import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION_RULES, type RedactionRule, redact } from '#domain/redaction';
import { REDACTION_ATTACKS } from '../../support/redaction-attacks.ts';

/** The rule as it would run without its `needs` words: on every text. */
const withoutNeeds = ({ needs: _needs, ...rule }: RedactionRule): RedactionRule => rule;

/** Texts that match each built-in rule (the README's examples and the rule tests'). */
const MATCHES: readonly string[] = [
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
  'Authorization: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMDA',
  'curl -H "Authorization: BEARER abcdefghijklmnop1234"',
  'use key AKIAIOSFODNN7EXAMPLE for the backup',
  'aiops_abcdefgh_0123456789abcdefghijKLMN',
  'token ghp_0123456789abcdefghijklmnopqrstuvwxyz and github_pat_0123456789abcdefghijklmnopqrstuvwxyz',
  'xoxb-0123456789-abcdef',
  'fetch HTTPS://admin:pa55word@repo.example.com/x',
  'db.admin-PassWord: "a b c"',
  'X-Api-KEY=1',
  'ACCESS_key: 2',
  'Auth_Token=2',
  'client-SECRET=3',
  'PWD=4',
  'passphrase: 5',
  'the samba PASSWORD is Winter2026!',
  'the PIN for bob is 1234',
];

/** Pieces that hold the rules' words in every case, and what surrounds them in a match. */
const PIECES: readonly string[] = [
  ...DEFAULT_REDACTION_RULES.flatMap((r) => r.needs ?? []).flatMap((w) => [w, w.toUpperCase()]),
  'Pass',
  'Token',
  'api',
  'ACCESS',
  'auth',
  'client',
  'secret_',
  'eyj',
  'akia',
  'GH',
  'p_',
  'abcdefgh',
  '0123456789',
  '.',
  '-',
  '_',
  ':',
  '=',
  '@',
  '/',
  ' ',
  '"',
  '\n',
  'for bob',
  'is',
  'PRIVATE KEY-----',
  'é',
  'İ',
  '\u212a',
];

describe('redaction rules with needs words', () => {
  it('every built-in rule names the words its matches hold', () => {
    // Assess
    expect(DEFAULT_REDACTION_RULES.filter((r) => !r.needs?.length).map((r) => r.name)).toEqual([]);
  });

  it.each(DEFAULT_REDACTION_RULES.map((r) => [r.name, r] as const))(
    '%s redacts exactly what it redacts when run on every text',
    (_name, rule) => {
      // Prepare
      const reference = withoutNeeds(rule);
      const texts = fc.oneof(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join('')),
        fc.constantFrom(...MATCHES, ...REDACTION_ATTACKS.map((a) => a.make(200))),
        fc.string({ maxLength: 60 }),
      );

      // Act + Assess
      fc.assert(
        fc.property(texts, (text) => {
          expect(redact(text, [rule])).toEqual(redact(text, [reference]));
        }),
        { seed: 20_261_207, numRuns: 5_000 },
      );
    },
  );

  it('all the rules together redact what they redact without needs words', () => {
    // Prepare
    const reference = DEFAULT_REDACTION_RULES.map(withoutNeeds);

    // Act + Assess
    for (const text of MATCHES) {
      expect(redact(text, DEFAULT_REDACTION_RULES)).toEqual(redact(text, reference));
    }
  });

  it('skips a rule on a text holding none of its words, in any case when the pattern ignores case', () => {
    // Prepare: patterns that would match, with words the texts do not hold
    const exact: RedactionRule = { name: 'exact', pattern: /a/g, needs: ['A'] };
    const folded: RedactionRule = { name: 'folded', pattern: /a/gi, needs: ['ab'] };

    // Act
    const skipped = redact('a a', [exact]);
    const run = redact('xAB a', [folded]);

    // Assess
    expect(skipped).toEqual({ text: 'a a', matched: [] });
    expect(run).toEqual({ text: 'x[REDACTED:folded]B [REDACTED:folded]', matched: ['folded'] });
  });

  it('reads the words again after an earlier rule changed the text', () => {
    // Prepare: the first rule writes the word the second one needs
    const rules: RedactionRule[] = [
      { name: 'first', pattern: /x/g, replacement: 'KEY' },
      { name: 'second', pattern: /key/gi, needs: ['key'] },
    ];

    // Act
    const out = redact('x', rules);

    // Assess
    expect(out).toEqual({ text: '[REDACTED:second]', matched: ['first', 'second'] });
  });
});
