import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoKeyStore } from '#adapters/key-store';
import { authenticate, type KeyVerdict } from '#domain/authenticate';
import { createApiKey } from '#domain/key-admin';
import { TtlCache } from '#primitives/ttl-cache';
import { freshTables } from '../../support/dynamodb.ts';

let store: DynamoKeyStore;
beforeAll(async () => {
  const { client, tables } = await freshTables();
  store = new DynamoKeyStore(DynamoDBDocumentClient.from(client), tables.keys);
});

describe('authenticate (the authorizer) on DynamoDB Local', () => {
  it('resolves a key to its tenant and scopes', async () => {
    const { token, record } = await createApiKey(store, {
      customerId: 'acme',
      scopes: ['read', 'decisions:write'],
      name: 't',
    });
    const verdict = await authenticate(`Bearer ${token}`, store, new TtlCache<KeyVerdict>(0));
    expect(verdict).toEqual({
      authenticated: true,
      keyId: record.keyId,
      customerId: 'acme',
      scopes: ['read', 'decisions:write'],
    });
  });

  it('keeps a verdict for the cache time, so a revocation takes effect when it expires', async () => {
    // Prepare: a clock we move by hand
    let now = 1_000_000;
    const cache = new TtlCache<KeyVerdict>(60_000, 100, () => now);
    const { token, record } = await createApiKey(store, { customerId: 'acme', scopes: ['read'], name: 't' });
    // Act
    const first = await authenticate(`Bearer ${token}`, store, cache);
    await store.revoke(record.keyId, new Date());
    const cached = await authenticate(`Bearer ${token}`, store, cache);
    now += 60_001;
    const expired = await authenticate(`Bearer ${token}`, store, cache);
    // Assess
    expect(first.authenticated).toBe(true);
    expect(cached.authenticated).toBe(true);
    expect(expired).toEqual({ authenticated: false, reason: 'revoked' });
  });

  it('refuses a right id with a wrong secret, and never caches it under the right key', async () => {
    const { token } = await createApiKey(store, { customerId: 'acme', scopes: ['read'], name: 't' });
    const cache = new TtlCache<KeyVerdict>(60_000);
    const forged = `${token.slice(0, -43)}${'A'.repeat(43)}`;
    expect(await authenticate(`Bearer ${forged}`, store, cache)).toEqual({
      authenticated: false,
      reason: 'unknown',
    });
    expect((await authenticate(`Bearer ${token}`, store, cache)).authenticated).toBe(true);
  });

  it.each([
    [undefined, 'missing'],
    ['Basic abc', 'malformed'],
    ['Bearer not-a-key', 'malformed'],
  ])('says why %s is refused: %s', async (header, reason) => {
    expect(await authenticate(header, store, new TtlCache<KeyVerdict>(0))).toEqual({
      authenticated: false,
      reason,
    });
  });
});
