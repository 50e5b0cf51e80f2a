import type { Scope } from '#contract/routes';
import { hashSecret, mintKey, parseKey } from './api-keys.ts';
import type { ApiKeyRecord, KeyStore } from './ports.ts';

/** What a new key is for. */
export interface KeyRequest {
  readonly customerId: string;
  readonly scopes: readonly Scope[];
  readonly name: string;
}

/**
 * Mints and stores a key. The returned token is the only copy of the secret: show it once.
 * @example const { token } = await createApiKey(store, { customerId: 'acme', scopes: ['read'], name: 'grafana' });
 */
export async function createApiKey(
  store: KeyStore,
  req: KeyRequest,
  now = new Date(),
): Promise<{ token: string; record: ApiKeyRecord }> {
  const minted = mintKey();
  const record: ApiKeyRecord = {
    keyId: minted.keyId,
    secretHash: minted.secretHash,
    customerId: req.customerId,
    scopes: [...req.scopes],
    name: req.name,
    createdAt: now.toISOString(),
  };
  await store.put(record);
  return { token: minted.token, record };
}

/**
 * Registers a key whose token is already known (the local stack's dev key). Registering
 * the same token again is a no-op; a different key under the same id is an error.
 */
export async function registerKnownKey(
  store: KeyStore,
  token: string,
  req: KeyRequest,
  now = new Date(),
): Promise<ApiKeyRecord> {
  const parsed = parseKey(token);
  if (!parsed)
    throw new Error(
      'the key must look like aiops_<8 chars a-z2-7>_<43 chars base64url>; `aiops-obs keys create` mints one',
    );
  const existing = await store.get(parsed.keyId);
  const secretHash = hashSecret(parsed.secret);
  if (existing) {
    if (existing.secretHash !== secretHash)
      throw new Error(`key id ${parsed.keyId} is already taken by another key`);
    return existing;
  }
  const record: ApiKeyRecord = {
    keyId: parsed.keyId,
    secretHash,
    customerId: req.customerId,
    scopes: [...req.scopes],
    name: req.name,
    createdAt: now.toISOString(),
  };
  await store.put(record);
  return record;
}
