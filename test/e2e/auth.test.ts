import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution, sampleHeartbeat } from '../support/samples.ts';
import { storedText } from '../support/stored-decisions.ts';

const api = useTestApi({ AUTH_CACHE_TTL_SECONDS: '0' });

describe('API keys', () => {
  it('refuses a missing, malformed, unknown or revoked key with 401 and writes nothing', async () => {
    // Prepare
    const { token, keyId } = await api.createKey('local', ['decisions:write']);
    await api.runtime.stores.keys.revoke(keyId, new Date());
    const before = (await api.scan('decisions')).length;
    // Act
    const missing = await api.request('POST', '/v1/decisions', { json: sampleDecision(), key: null });
    const malformed = await api.request('POST', '/v1/decisions', {
      json: sampleDecision(),
      key: 'not-a-key',
    });
    const unknown = await api.request('POST', '/v1/decisions', {
      json: sampleDecision(),
      key: `aiops_abcdefgh_${'x'.repeat(43)}`,
    });
    const revoked = await api.request('POST', '/v1/decisions', { json: sampleDecision(), key: token });
    // Assess
    expect(missing.status).toBe(401);
    for (const res of [malformed, unknown, revoked]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.body.code).toBe('unauthorized');
    }
    expect(revoked.body.detail).toContain('revoked');
    expect((await api.scan('decisions')).length).toBe(before);
  });

  it('enforces scopes: a read-only key cannot write (403), a write-only key cannot read', async () => {
    const reader = await api.createKey('local', ['read']);
    const writer = await api.createKey('local', ['heartbeats:write']);
    const write = await api.request('POST', '/v1/decisions', { json: sampleDecision(), key: reader.token });
    const read = await api.request('GET', '/v1/decisions', { key: writer.token });
    const hb = await api.request('POST', '/v1/heartbeats', { json: sampleHeartbeat(), key: writer.token });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('insufficient_scope');
    expect(read.status).toBe(403);
    expect(hb.status).toBe(201);
  });

  it('keeps tenants apart: another tenant can neither see nor change a decision', async () => {
    // Prepare
    const other = await api.createKey('globex', ['decisions:write', 'read']);
    const d = sampleDecision();
    await api.request('POST', '/v1/decisions', { json: d });
    // Act
    const get = await api.request('GET', `/v1/decisions/${d.decisionId}`, { key: other.token });
    const list = await api.request('GET', '/v1/decisions?limit=100', { key: other.token });
    const exec = await api.request('POST', `/v1/decisions/${d.decisionId}/execution`, {
      json: sampleExecution(),
      key: other.token,
    });
    const mine = await api.request('GET', `/v1/decisions/${d.decisionId}`);
    // Assess
    expect(get.status).toBe(404);
    expect(list.body.items.map((i: { decisionId: string }) => i.decisionId)).not.toContain(d.decisionId);
    expect(exec.status).toBe(201);
    expect(mine.body.execution).toBeUndefined();
    expect(mine.body.version).toBe(1);
  });

  it('never lets the key reach a response or a stored item', async () => {
    await api.request('POST', '/v1/decisions', { json: sampleDecision() });
    const stored = `${storedText(await api.scan('decisions'))}${JSON.stringify(await api.scan('keys'))}`;
    expect(stored).not.toContain(api.devKey);
    expect(stored).not.toContain(api.devKey.slice('aiops_xxxxxxxx_'.length));
  });
});
