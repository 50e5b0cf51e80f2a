import { describe, expect, it } from 'vitest';
import { bearerToken, hashSecret, mintKey, parseKey, secretMatches } from '#domain/api-keys';

describe('api keys', () => {
  it('mints keys that parse back and match only their own hash', () => {
    // Act
    const a = mintKey();
    const b = mintKey();
    const parsed = parseKey(a.token);
    // Assess
    expect(a.token).toMatch(/^aiops_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(parsed?.keyId).toBe(a.keyId);
    expect(secretMatches(parsed?.secret as string, a.secretHash)).toBe(true);
    expect(secretMatches(parsed?.secret as string, b.secretHash)).toBe(false);
    expect(a.token).not.toBe(b.token);
    expect(a.secretHash).toBe(hashSecret(parsed?.secret as string));
    expect(a.token).not.toContain(a.secretHash);
  });

  it.each([
    '',
    'aiops_short_x',
    'Bearer x',
    `aiops_ABCDEFGH_${'a'.repeat(43)}`,
    `aiops_abcdefgh_${'a'.repeat(42)}`,
  ])('rejects the malformed token %j', (token) => expect(parseKey(token)).toBeUndefined());

  it('reads the bearer token from the Authorization header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
});
