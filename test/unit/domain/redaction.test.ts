import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretKey } from '#domain/redact-json';
import { DEFAULT_REDACTION_RULES, redact } from '#domain/redaction';
import { loadRedactionRules } from '#domain/redaction-rules';

describe('redaction', () => {
  it.each([
    ['set the mysql password=hunter2 on db01', 'hunter2', 'password'],
    ['ansible_become_password: "S3cr3t!"', 'S3cr3t!', 'password'],
    ['use key AKIAIOSFODNN7EXAMPLE for the backup', 'AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id'],
    ['curl -H "Authorization: Bearer abcdefghijklmnop1234"', 'abcdefghijklmnop1234', 'bearer_token'],
    ['fetch https://admin:pa55word@repo.example.com/x', 'pa55word', 'url_credentials'],
    [
      'token ghp_0123456789abcdefghijklmnopqrstuvwxyz',
      'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
      'github_token',
    ],
    ['the samba password is Winter2026! for bob', 'Winter2026!', 'password_phrase'],
    ['set the samba password for bob to Hunter2!', 'Hunter2!', 'password_phrase'],
    ['samba_password: "Hunter2!"', 'Hunter2!', 'password'],
    ['X-Api-Key: 0123456789abcdef', '0123456789abcdef', 'password'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow', 'private_key'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N',
      'dozjgNryP4J3jVmNHl0w5N',
      'jwt',
    ],
  ])('hides the secret in %j', (text, secret, rule) => {
    // Act
    const out = redact(text, DEFAULT_REDACTION_RULES);
    // Assess
    expect(out.text).not.toContain(secret);
    expect(out.matched).toContain(rule);
  });

  it.each([
    'add an A record for printer3.office.example.com pointing to 10.0.4.23',
    'Set the Samba password of anna to expire in 30 days',
    'max_tokens: 1024, bypass_cache: true',
    'rotate the TLS certificate of mail.example.com',
  ])('leaves the ordinary request %j alone', (text) => {
    expect(redact(text, DEFAULT_REDACTION_RULES)).toEqual({ text, matched: [] });
  });

  it.each([
    ['password', true],
    ['db_pass', true],
    ['clientSecret', true],
    ['X-Api-Key', true],
    ['privateKey', true],
    ['auth_token', true],
    ['bypass_cache', false],
    ['max_tokens', false],
    ['passenger', false],
    ['spinner', false],
  ])('judges the key %s secret: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  it('keeps the key of a key=value secret readable', () => {
    expect(redact('db_password=x1y2', DEFAULT_REDACTION_RULES).text).toBe('db_password=[REDACTED:password]');
  });

  it('is stable when applied twice', () => {
    const once = redact('password=hunter2 and token: abc', DEFAULT_REDACTION_RULES).text;
    expect(redact(once, DEFAULT_REDACTION_RULES).text).toBe(once);
  });

  it('adds configured rules to the defaults, or replaces them', () => {
    // Prepare
    const json = JSON.stringify([{ name: 'ticket', pattern: 'TICKET-\\d+' }]);
    // Act
    const added = loadRedactionRules(json);
    const replaced = loadRedactionRules(json, true);
    // Assess
    expect(added).toHaveLength(DEFAULT_REDACTION_RULES.length + 1);
    expect(replaced.map((r) => r.name)).toEqual(['ticket']);
    expect(redact('see TICKET-42', replaced).text).toBe('see [REDACTED:ticket]');
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['{}', 'must be a JSON array'],
    ['[{"name":"x"}]', 'REDACTION_RULES[0] needs'],
    ['[{"name":"bad","pattern":"("}]', 'REDACTION_RULES[0] (bad)'],
  ])('refuses bad configuration %s with a message naming it', (json, message) => {
    expect(() => loadRedactionRules(json)).toThrow(message);
  });

  it('redacts JSON values under secret-looking keys and strings anywhere', () => {
    // Prepare
    const r = createRedactor(DEFAULT_REDACTION_RULES);
    // Act
    const out = r.json({ user: 'bob', password: 'x', nested: [{ apiKey: 'k' }, 'pwd=abc'] });
    // Assess
    expect(out).toEqual({
      user: 'bob',
      password: '[REDACTED:sensitive_key]',
      nested: [{ apiKey: '[REDACTED:sensitive_key]' }, 'pwd=[REDACTED:password]'],
    });
    expect(r.matched()).toEqual(['password', 'sensitive_key']);
  });
});
