import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/local-api.ts';
import { sampleDecision, sampleExecution } from '../support/samples.ts';

let api: TestApi;
const written: string[] = [];
const original = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);
const capture = (chunk: unknown) => {
  written.push(String(chunk));
  return true;
};

beforeAll(async () => {
  // The most talkative settings: every debug line and every log of an event.
  const { startTestApi } = await import('../support/local-api.ts');
  api = await startTestApi({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });
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
    // The access log holds every request's route and status: the handler's own line is DEBUG only.
    const handled = logs.split('\n').filter((l) => l.includes('"message":"request handled"'));
    expect(handled.length).toBeGreaterThan(0);
    expect(handled.every((l) => (JSON.parse(l) as { level: string }).level === 'DEBUG')).toBe(true);
    for (const secret of [
      api.devKey,
      token,
      api.devKey.slice('aiops_xxxxxxxx_'.length),
      token.slice('aiops_xxxxxxxx_'.length),
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('give one line per decision and execution written, with the trace id in X-Ray form and no query', async () => {
    // Prepare
    const decision = { ...sampleDecision(), traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
    const batch = [sampleDecision(), sampleDecision()];
    const lines = () =>
      written
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    written.length = 0;
    process.stdout.write = capture as typeof process.stdout.write;
    // Act
    await api.request('POST', '/v1/decisions', { json: decision });
    await api.request('POST', '/v1/decisions', { json: { decisions: batch } });
    await api.request('POST', `/v1/decisions/${decision.decisionId}/execution`, {
      json: { ...sampleExecution(), status: 'failed' },
    });
    process.stdout.write = original;
    // Assess
    const recorded = lines().filter((l) => l.message === 'decision recorded');
    const mine = recorded.find((l) => l.decisionId === decision.decisionId);
    expect(mine).toMatchObject({
      outcome: 'accepted',
      action: decision.intent.action,
      confidence: decision.confidence,
      traceId: decision.traceId,
      xrayTraceId: '1-4bf92f35-77b34da6a3ce929d0e0e4736',
    });
    for (const d of batch) expect(recorded.some((l) => l.decisionId === d.decisionId)).toBe(true);
    expect(JSON.stringify(recorded)).not.toContain(decision.query);
    expect(lines().find((l) => l.message === 'execution recorded')).toMatchObject({
      decisionId: decision.decisionId,
      executionStatus: 'failed',
      outcome: 'accepted',
    });
  });
});
