import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^aiops_([a-z2-7]{8})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A newly minted key: the secret text is shown once and never stored. */
export interface MintedKey {
  /** Public identifier, safe to log and list. */
  readonly keyId: string;
  /** The full bearer token `aiops_<keyId>_<secret>`. */
  readonly token: string;
  /** SHA-256 of the secret part, the only thing stored. */
  readonly secretHash: string;
}

/**
 * Mints a key: 40 random bits of id and 256 random bits of secret.
 * @example const { token } = mintKey(); // 'aiops_k3x9q2ab_…'
 */
export function mintKey(): MintedKey {
  const idBytes = randomBytes(8);
  let keyId = '';
  for (let i = 0; i < 8; i++) keyId += BASE32[(idBytes[i] as number) % 32];
  const secret = randomBytes(32).toString('base64url');
  return { keyId, token: `aiops_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a bearer token into id and secret; `undefined` when it is not one of ours. */
export function parseKey(token: string): { keyId: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(token);
  return m ? { keyId: m[1] as string, secret: m[2] as string } : undefined;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Extracts the token from an `Authorization: Bearer <token>` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m ? (m[1] as string) : undefined;
}
