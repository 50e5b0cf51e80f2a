import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/local-api.ts';
import { sampleDecision } from '../support/samples.ts';

let api: TestApi;
const written: string[] = [];
const original = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  // The most talkative settings: every debug line and every log of an event.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const { startTestApi } = await import('../support/local-api.ts');
  api = await startTestApi({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
});
afterAll(async () => {
  process.stdout.write = original;
  process.stderr.write = originalErr;
  await api?.stop();
});

describe('logs', () => {
  it('carry the request id, tenant and key id, but never the key', async () => {
    // Prepare
    const { token } = await api.createKey('local', ['read']);
    const decision = sampleDecision();
    // Act: a good key, a scope failure, a wrong key and a malformed body
    await api.request('POST', '/v1/decisions', { json: decision });
    await api.request('POST', '/v1/decisions', { json: sampleDecision(), key: token });
    await api.request('GET', '/v1/decisions', { key: `${token.slice(0, -4)}AAAA` });
    await api.request('POST', '/v1/decisions', { json: { bad: true }, key: token });
    // Assess
    const logs = written.join('');
    process.stdout.write = original;
    expect(logs).toContain('"customerId":"local"');
    expect(logs).toContain('correlation_id');
    expect(logs).toContain(`"decisionId":"${decision.decisionId}"`);
    expect(logs).toContain('"message":"request handled"');
    for (const secret of [
      api.devKey,
      token,
      api.devKey.slice('aiops_xxxxxxxx_'.length),
      token.slice('aiops_xxxxxxxx_'.length),
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
