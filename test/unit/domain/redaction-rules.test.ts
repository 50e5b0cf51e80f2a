import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION_RULES, type RedactionRule, redact } from '#domain/redaction';

const rule = (name: string): RedactionRule => {
  const found = DEFAULT_REDACTION_RULES.find((r) => r.name === name);
  if (!found) throw new Error(`no built-in rule ${name}`);
  return found;
};

/**
 * The three rules as they were written before they were made linear: the same matches, but
 * quadratic time on long runs of `a.a.a.` or `eyJ-eyJ-`. On short texts they are the reference.
 */
const REFERENCE: readonly RedactionRule[] = [
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    name: 'url_credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi,
    replacement: '$1[REDACTED:url_credentials]@',
  },
  {
    name: 'password',
    pattern:
      /\b([\w.-]*?(?:password|passwd|pwd|passphrase|secret|secret[_-]?key|api[_-]?key|access[_-]?key|auth[_-]?token|token|client[_-]?secret)\b["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi,
    replacement: '$1[REDACTED:password]',
  },
];

/** Pieces that make the rules start, stop, nearly match and match, in every order. */
const PIECES: Readonly<Record<string, readonly string[]>> = {
  jwt: [
    'eyJ',
    'eyJhbGciOiJIUzI1NiJ9',
    'abcdefgh',
    'abcdefgh.',
    'a',
    'Z',
    '0',
    '_',
    '-',
    '.',
    ' ',
    'é',
    'eyj',
    'x-eyJ',
  ],
  url_credentials: [
    'http',
    'git+ssh',
    'x',
    '9',
    '9x',
    'a_b',
    '+',
    '.',
    '-',
    '_',
    '://',
    'u:p@',
    ':',
    '@',
    '/',
    ' ',
    'user',
    'A',
    'é',
  ],
  password: [
    'password',
    'PASSWORD',
    'pwd',
    'token',
    'Token',
    'secret',
    'secret_key',
    'api-key',
    'client_secret',
    'auth',
    'db',
    '_',
    '-',
    '.',
    ' ',
    ':',
    '=',
    '"',
    "'",
    ',',
    ';',
    'x',
    'é',
    '\t',
    '\n',
  ],
};

describe('built-in redaction rules', () => {
  it.each(REFERENCE.map((r) => [r.name, r] as const))(
    '%s redacts exactly what it did before it was made linear',
    (name, reference) => {
      // Prepare
      const current = rule(name);
      const texts = fc
        .array(fc.constantFrom(...(PIECES[name] ?? [])), { maxLength: 24 })
        .map((p) => p.join(''));

      // Act + Assess
      fc.assert(
        fc.property(texts, (text) => {
          expect(redact(text, [current])).toEqual(redact(text, [reference]));
        }),
        { seed: 20_261_121, numRuns: 20_000 },
      );
    },
  );

  it.each([
    // jwt
    [
      'jwt',
      'Authorization: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMDA',
      'Authorization: [REDACTED:jwt]',
    ],
    ['jwt', 'id_token=x-eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMDA!', 'id_token=x-[REDACTED:jwt]!'],
    ['jwt', 'ab-eyJ-eyJabcdefgh.abcdefgh.abcdefgh', 'ab-[REDACTED:jwt]'],
    ['jwt', 'noeyJabcdefgh.abcdefgh.abcdefgh', null],
    ['jwt', 'eyJabcdefg.abcdefgh.abcdefgh', null],
    ['jwt', 'eyJabcdefgh.abcdefgh', null],
    // url_credentials
    [
      'url_credentials',
      'clone https://bob:s3cret@git.example.com/x',
      'clone https://[REDACTED:url_credentials]@git.example.com/x',
    ],
    ['url_credentials', 'use git+ssh://bob:pw@host', 'use git+ssh://[REDACTED:url_credentials]@host'],
    ['url_credentials', '9.http://bob:pw@host', '9.http://[REDACTED:url_credentials]@host'],
    ['url_credentials', 'x_http://bob:pw@host', null],
    ['url_credentials', 'https://git.example.com/x', null],
    ['url_credentials', 'https://bob@host', null],
    // password
    ['password', 'mysql -u root password=hunter2', 'mysql -u root password=[REDACTED:password]'],
    ['password', 'db.admin-password: "a b c"', 'db.admin-password: [REDACTED:password]'],
    ['password', '{"clientSecret": "x"}', '{"clientSecret": [REDACTED:password]}'],
    ['password', '{"client_secret": "x"}', '{"client_secret": [REDACTED:password]}'],
    ['password', 'X-Auth-Token = abc; next', 'X-Auth-Token = [REDACTED:password]; next'],
    ['password', '.-token=abc', '.-token=[REDACTED:password]'],
    ['password', 'tokens=5 passwords: 3', null],
    ['password', 'password.expiry=30d', null],
    ['password', 'max_tokens: 1024', null],
  ])('%s turns %j into %j (null: left alone)', (name, text, expected) => {
    // Act
    const out = redact(text, [rule(name)]);

    // Assess
    expect(out).toEqual(expected === null ? { text, matched: [] } : { text: expected, matched: [name] });
  });
});
