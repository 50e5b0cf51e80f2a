import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/local-api.ts';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
} from '../support/samples.ts';
import { storedText } from '../support/stored-decisions.ts';

const api = useTestApi();

describe('POST /v1/decisions', () => {
  it('stores a decision once: 201 with a Location, then 200 duplicate on retry', async () => {
    // Prepare
    const d = sampleDecision();
    // Act
    const first = await api.request('POST', '/v1/decisions', { json: d });
    const retry = await api.request('POST', '/v1/decisions', { json: d });
    const read = await api.request('GET', `/v1/decisions/${d.decisionId}`);
    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: d.decisionId, status: 'accepted' });
    expect(first.headers.get('location')).toBe(`/v1/decisions/${d.decisionId}`);
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('duplicate');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      decisionId: d.decisionId,
      customerId: 'local',
      applianceId: d.applianceId,
      query: d.query,
      confidence: d.confidence,
      intent: d.intent,
      version: 1,
    });
    expect(read.body.queryHash).toMatch(/^[0-9a-f]{64}$/);
    const items = (await api.scan('decisions')).filter(
      (i) => (i.decisionId as { S: string }).S === d.decisionId,
    );
    expect(items).toHaveLength(1);
  });

  it('answers 409 when different content arrives under a stored id, keeping the first', async () => {
    const d = sampleDecision();
    await api.request('POST', '/v1/decisions', { json: d });
    const res = await api.request('POST', '/v1/decisions', { json: { ...d, confidence: 0.1 } });
    const read = await api.request('GET', `/v1/decisions/${d.decisionId}`);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.code).toBe('conflict');
    expect(read.body.confidence).toBe(d.confidence);
  });

  it('redacts secrets before they are stored', async () => {
    const d = sampleDecision({ query: 'reset the samba password for bob, password=Winter2026! please' });
    await api.request('POST', '/v1/decisions', { json: d });
    const read = await api.request('GET', `/v1/decisions/${d.decisionId}`);
    const raw = storedText(await api.scan('decisions'));
    expect(read.body.query).toBe('reset the samba password for bob, password=[REDACTED:password] please');
    expect(read.body.redactions).toEqual(['password']);
    expect(raw).not.toContain('Winter2026!');
    expect(raw).toContain('password=[REDACTED:password]');
  });

  it('answers a batch per item: 200 when all are accepted or duplicates', async () => {
    const batch = [sampleDecision(), sampleDecision(), sampleDecision()];
    await api.request('POST', '/v1/decisions', { json: batch[0] });
    const res = await api.request('POST', '/v1/decisions', { json: { decisions: batch } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'accepted',
      'accepted',
    ]);
  });

  it('answers 207 for mixed outcomes and writes only the valid items', async () => {
    const good = sampleDecision();
    const bad = { ...sampleDecision(), confidence: 1.5 };
    const res = await api.request('POST', '/v1/decisions', { json: { decisions: [good, bad] } });
    expect(res.status).toBe(207);
    expect(res.body.results[0]).toMatchObject({ index: 0, id: good.decisionId, status: 'accepted' });
    expect(res.body.results[1]).toMatchObject({ index: 1, status: 'rejected', code: 'validation_failed' });
    expect(res.body.results[1].errors[0].pointer).toBe('/decisions/1/confidence');
    expect((await api.request('GET', `/v1/decisions/${bad.decisionId}`)).status).toBe(404);
  });
});

describe('execution and feedback', () => {
  it('merges events that arrive in any order into one record', async () => {
    // Prepare
    const d = sampleDecision();
    const id = d.decisionId as string;
    const execution = sampleFailedExecution();
    // Act: the execution and the feedback before the decision
    const exec = await api.request('POST', `/v1/decisions/${id}/execution`, { json: execution });
    const fb = await api.request('POST', `/v1/decisions/${id}/feedback`, {
      json: sampleFeedback({ rating: 'thumbs_down' }),
    });
    const dec = await api.request('POST', '/v1/decisions', { json: d });
    const again = await api.request('POST', `/v1/decisions/${id}/execution`, { json: execution });
    const read = await api.request('GET', `/v1/decisions/${id}`);
    // Assess
    expect([exec.status, fb.status, dec.status, again.status]).toEqual([201, 201, 201, 200]);
    expect(read.body.version).toBe(3);
    expect(read.body.execution).toMatchObject({ status: 'failed', taskCounts: { failed: 1 } });
    expect(read.body.feedback).toMatchObject({ rating: 'thumbs_down' });
    expect(read.body.receivedAt).toHaveProperty('decision');
    expect(read.body.receivedAt).toHaveProperty('execution');
  });

  it("keeps a reviewer's later feedback beside the operator's, merged field by field", async () => {
    const d = sampleDecision();
    const id = d.decisionId as string;
    await api.request('POST', '/v1/decisions', { json: d });
    const operator = await api.request('POST', `/v1/decisions/${id}/feedback`, {
      json: { schemaVersion: 1, rating: 'thumbs_up' },
    });
    const reviewer = await api.request('POST', `/v1/decisions/${id}/feedback`, {
      json: { schemaVersion: 1, humanVerified: true, isTrainingData: true },
    });
    const read = await api.request('GET', `/v1/decisions/${id}`);
    expect([operator.status, reviewer.status]).toEqual([201, 201]);
    expect(read.body.feedback).toEqual({ rating: 'thumbs_up', humanVerified: true, isTrainingData: true });
    expect(read.body.version).toBe(3);
  });

  it('refuses a second, different execution for the same decision with 409', async () => {
    const id = randomUUID();
    await api.request('POST', `/v1/decisions/${id}/execution`, { json: sampleExecution() });
    const res = await api.request('POST', `/v1/decisions/${id}/execution`, { json: sampleFailedExecution() });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
  });
});
