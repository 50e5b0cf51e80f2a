import type { Scope } from '#contract/routes';
import { bearerToken, hashSecret, parseKey, secretMatches } from './api-keys.ts';
import type { KeyStore } from './ports.ts';

/** Why a key was refused. */
export type RefusalReason = 'missing' | 'malformed' | 'unknown' | 'revoked';

/** The verdict on a key: who it is (tenant, scopes), or why it was refused. */
export type KeyVerdict =
  | {
      readonly authenticated: true;
      readonly keyId: string;
      readonly customerId: string;
      readonly scopes: readonly Scope[];
    }
  | { readonly authenticated: false; readonly reason: RefusalReason };

/** What `authenticate` may cache: a key lookup's verdict, keyed by the secret's hash. */
export interface VerdictCache {
  get(key: string): KeyVerdict | undefined;
  set(key: string, value: KeyVerdict): void;
}

/**
 * Checks an `Authorization` header against the key store. Never throws for a bad key:
 * the verdict says why (missing, malformed, unknown, revoked) and handlers answer 401.
 * The token itself is never logged nor used as a cache key.
 * @example const verdict = await authenticate(event.headers?.authorization, keys, cache);
 */
export async function authenticate(
  header: string | undefined,
  keys: KeyStore,
  cache: VerdictCache,
): Promise<KeyVerdict> {
  const token = bearerToken(header);
  if (!token) return { authenticated: false, reason: header ? 'malformed' : 'missing' };
  const parsed = parseKey(token);
  if (!parsed) return { authenticated: false, reason: 'malformed' };
  const cacheKey = `${parsed.keyId}:${hashSecret(parsed.secret)}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const record = await keys.get(parsed.keyId);
  let verdict: KeyVerdict;
  if (!record || !secretMatches(parsed.secret, record.secretHash))
    verdict = { authenticated: false, reason: 'unknown' };
  else if (record.revokedAt) verdict = { authenticated: false, reason: 'revoked' };
  else {
    verdict = {
      authenticated: true,
      keyId: record.keyId,
      customerId: record.customerId,
      scopes: record.scopes,
    };
  }
  cache.set(cacheKey, verdict);
  return verdict;
}
