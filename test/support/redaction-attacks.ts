/**
 * Worst-case inputs for the redaction rules: texts built so that a backtracking engine would
 * retry a rule from many start positions, each attempt scanning far ahead. Each is a short unit
 * repeated to the wanted length, so the same shape can be measured at 4K and at 64K characters.
 * Every text is valid free text for the contract (no control characters but tab and newline).
 */

/** One worst-case input: its name, what it attacks, and a text of exactly `n` characters. */
export interface RedactionAttack {
  readonly name: string;
  /** The rule (or rules) it was built against, and why it hurts a backtracking engine. */
  readonly targets: string;
  readonly make: (n: number) => string;
}

const repeat = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const after = (head: string, unit: string) => (n: number) => (head + repeat(unit)(n)).slice(0, n);

/**
 * Every shape measured by the tests and the `redaction` benchmark. All of them are tried
 * against every rule: a shape built for one rule is often the worst for another too.
 */
export const REDACTION_ATTACKS: readonly RedactionAttack[] = [
  {
    name: 'a.a.a.',
    targets:
      'url_credentials, password: a word boundary at every other character, each start scanning the run',
    make: repeat('a.'),
  },
  { name: 'a-a-a-', targets: 'url_credentials, password, jwt: as a.a.a. with a dash', make: repeat('a-') },
  {
    name: 'a+a+a+',
    targets: 'url_credentials: + is a scheme character but not a word character',
    make: repeat('a+'),
  },
  {
    name: 'token.token.',
    targets: 'password: a secret key word ending at every boundary',
    make: repeat('token.'),
  },
  {
    name: 'eyJ-eyJ-',
    targets: 'jwt: every eyJ after a dash starts a token that runs to the end',
    make: repeat('eyJ-'),
  },
  {
    name: 'eyJ.eyJaaaaaaaa.',
    targets: 'jwt: segments one character short and long ones alternating',
    make: repeat('eyJaaaaaaa.eyJaaaaaaaa.'),
  },
  {
    name: 'x://a:a:a:',
    targets: 'url_credentials: user info without the closing @',
    make: after('x://a', ':a'),
  },
  { name: 'x://x://', targets: 'url_credentials: schemes without user info', make: repeat('x://') },
  { name: 'pwd="a pwd=', targets: 'password: an unclosed quoted value', make: after('pwd="', 'a pwd=') },
  { name: 'pwd=   ', targets: 'password: white space after the separator', make: after('pwd=', ' ') },
  {
    name: 'password for a.a.',
    targets: 'password_phrase: a long user name',
    make: after('password for ', 'a.'),
  },
  {
    name: 'pin pin pin',
    targets: 'password_phrase: key words without a verb',
    make: repeat('pin for pin is'),
  },
  { name: 'Bearer     ', targets: 'bearer_token: white space without a token', make: after('Bearer', ' ') },
  {
    name: 'Basic abcdefg ',
    targets: 'bearer_token: tokens one character short',
    make: repeat('Basic abcdefg '),
  },
  {
    name: '-----BEGIN ',
    targets: 'private_key: headers without PRIVATE KEY',
    make: repeat('-----BEGIN RSA '),
  },
  {
    name: 'BEGIN … -----END ',
    targets: 'private_key: an unterminated key with end markers that never close',
    make: after('-----BEGIN RSA PRIVATE KEY-----\n', '-----END RSA PRIVATE '),
  },
  {
    name: 'AKIAAKIA',
    targets: 'aws_access_key_id: prefixes one character short',
    make: repeat('AKIA0123456789ABCDE '),
  },
  {
    name: 'aiops_abcdefgh_-',
    targets: 'api_key: key prefixes joined by dashes',
    make: repeat('aiops_abcdefgh_-'),
  },
  {
    name: 'ghp_ short',
    targets: 'github_token: tokens one character short',
    make: repeat(`ghp_${'a'.repeat(29)} `),
  },
  { name: 'xoxb-xoxb-', targets: 'slack_token: prefixes joined by dashes', make: repeat('xoxb-') },
];
