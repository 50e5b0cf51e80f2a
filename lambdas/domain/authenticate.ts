import type { AuthorizerContext } from '#shared/principal';
import { bearerToken, hashSecret, parseKey, secretMatches } from './api-keys.ts';
import type { KeyStore } from './ports.ts';

/** What `authenticate` may cache: a key lookup's verdict, keyed by the secret's hash. */
export interface VerdictCache {
  get(key: string): AuthorizerContext | undefined;
  set(key: string, value: AuthorizerContext): void;
}

/**
 * Checks an `Authorization` header against the key store. Never throws for a bad key:
 * the verdict says why (missing, malformed, unknown, revoked) and handlers answer 401.
 * The token itself is never logged nor used as a cache key.
 */
export async function authenticate(
  header: string | undefined,
  keys: KeyStore,
  cache: VerdictCache,
): Promise<AuthorizerContext> {
  const token = bearerToken(header);
  if (!token) return { authenticated: 'false', reason: header ? 'malformed' : 'missing' };
  const parsed = parseKey(token);
  if (!parsed) return { authenticated: 'false', reason: 'malformed' };
  const cacheKey = `${parsed.keyId}:${hashSecret(parsed.secret)}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const record = await keys.get(parsed.keyId);
  let verdict: AuthorizerContext;
  if (!record || !secretMatches(parsed.secret, record.secretHash))
    verdict = { authenticated: 'false', reason: 'unknown' };
  else if (record.revokedAt) verdict = { authenticated: 'false', reason: 'revoked' };
  else {
    verdict = {
      authenticated: 'true',
      keyId: record.keyId,
      customerId: record.customerId,
      scopes: record.scopes.join(' '),
    };
  }
  cache.set(cacheKey, verdict);
  return verdict;
}
