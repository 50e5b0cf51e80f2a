/**
 * Bad input, part 5: batches. A malformed batch, or one that repeats an id, is refused whole
 * (nothing written, not even its good items); a batch with some bad items answers 207 with
 * per-item results, writes the good items and none of the bad.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectNothingWritten,
  expectStillUp,
  runBadCase,
  send,
  snapshot,
  storedDecisionIds,
} from './bad-input-helpers.ts';

const api = useTestApi();

const DECISIONS = '/v1/decisions';
const HEARTBEATS = '/v1/heartbeats';

const twin = sampleDecision();
const sentAt = '2026-11-21T10:00:00Z';

const refusedWhole: BadCase[] = [
  {
    name: 'decisions: the same decisionId twice',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: [sampleDecision(), twin, { ...twin, query: 'another query' }] },
    status: 422,
    code: 'duplicate_id_in_batch',
    errors: [{ pointer: '/decisions/2', code: 'duplicate_id' }],
  },
  {
    name: 'decisions: ids differing only by letter case (ids are lower-cased)',
    method: 'POST',
    path: DECISIONS,
    json: {
      decisions: [
        sampleDecision({ decisionId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' }),
        sampleDecision({ decisionId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' }),
      ],
    },
    status: 422,
    code: 'duplicate_id_in_batch',
    errors: [{ pointer: '/decisions/1', code: 'duplicate_id' }],
  },
  {
    name: 'decisions: a repeated id next to an invalid item',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: [twin, { ...twin, confidence: 7 }, twin] },
    status: 422,
    code: 'duplicate_id_in_batch',
    errors: [{ pointer: '/decisions/2', code: 'duplicate_id' }],
  },
  {
    name: 'heartbeats: one appliance and instant twice (written in two offsets)',
    method: 'POST',
    path: HEARTBEATS,
    json: {
      heartbeats: [
        sampleHeartbeat({ sentAt }),
        sampleHeartbeat({ sentAt: '2026-11-21T11:00:00+01:00', cpuPercent: 99 }),
      ],
    },
    status: 422,
    code: 'duplicate_id_in_batch',
    errors: [{ pointer: '/heartbeats/1', code: 'duplicate_id' }],
  },
  {
    name: `decisions: maxBatchItems + 1 items`,
    method: 'POST',
    path: DECISIONS,
    json: { decisions: Array.from({ length: LIMITS.maxBatchItems + 1 }, () => sampleDecision()) },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisions', code: 'too_big' }],
  },
  {
    name: `heartbeats: maxBatchItems + 1 items`,
    method: 'POST',
    path: HEARTBEATS,
    json: {
      heartbeats: Array.from({ length: LIMITS.maxBatchItems + 1 }, (_, i) =>
        sampleHeartbeat({ applianceId: `ucs-${i}` }),
      ),
    },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/heartbeats', code: 'too_big' }],
  },
  {
    name: 'decisions: an empty batch',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: [] },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisions', code: 'too_small' }],
  },
  {
    name: 'decisions: decisions is an object',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: sampleDecision() },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisions', code: 'invalid_type' }],
  },
  {
    name: 'decisions: decisions is null',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: null },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisions', code: 'invalid_type' }],
  },
  {
    name: 'decisions: an unknown field beside the batch',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: [sampleDecision()], dryRun: true },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/dryRun', code: 'unknown_field' }],
  },
  {
    name: 'heartbeats: an unknown field beside the batch',
    method: 'POST',
    path: HEARTBEATS,
    json: { heartbeats: [sampleHeartbeat()], decisions: [] },
    status: 422,
    code: 'validation_failed',
    errors: [{ pointer: '/decisions', code: 'unknown_field' }],
  },
  {
    name: 'decisions: every item rejected',
    method: 'POST',
    path: DECISIONS,
    json: { decisions: [sampleDecision({ confidence: 2 }), { ...sampleDecision(), query: 42 }, 'x', null] },
    status: 422,
    code: 'all_rejected',
  },
  {
    name: 'heartbeats: every item rejected',
    method: 'POST',
    path: HEARTBEATS,
    json: { heartbeats: [sampleHeartbeat({ cpuPercent: 101 }), []] },
    status: 422,
    code: 'all_rejected',
  },
];

describe('batches refused whole', () => {
  it.each(refusedWhole)('$name → $status $code, nothing written', async (c) => {
    const res = await runBadCase(api, c);
    if (c.code === 'all_rejected') {
      const items = (c.json as Record<string, unknown[]>)[c.path === DECISIONS ? 'decisions' : 'heartbeats'];
      expect(res.body.rejected).toBe(items?.length);
      expect(res.body.accepted).toBe(0);
      for (const r of res.body.results)
        expect(r).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    }
  });
});

describe('a batch with some bad items answers 207 per item', () => {
  it('writes the good decisions and none of the bad', async () => {
    // Prepare
    const good = [sampleDecision(), sampleDecision()];
    const badQuery = { ...sampleDecision(), query: 42 };
    const badConfidence = sampleDecision({ confidence: 1.5 });
    const before = await snapshot(api);

    // Act
    const res = await send(api, {
      method: 'POST',
      path: DECISIONS,
      json: { decisions: [good[0], badQuery, good[1], badConfidence] },
    });

    // Assess
    expect(res.status, res.text).toBe(207);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 2 });
    expect(res.body.results).toEqual([
      expect.objectContaining({ index: 0, id: good[0]?.decisionId, status: 'accepted' }),
      expect.objectContaining({
        index: 1,
        id: badQuery.decisionId,
        status: 'rejected',
        code: 'validation_failed',
        errors: [expect.objectContaining({ pointer: '/decisions/1/query' })],
      }),
      expect.objectContaining({ index: 2, id: good[1]?.decisionId, status: 'accepted' }),
      expect.objectContaining({
        index: 3,
        id: badConfidence.decisionId,
        status: 'rejected',
        errors: [expect.objectContaining({ pointer: '/decisions/3/confidence', code: 'too_big' })],
      }),
    ]);
    for (const d of good) {
      const back = await send(api, { method: 'GET', path: `/v1/decisions/${d?.decisionId}` });
      expect(back.status, back.text).toBe(200);
    }
    for (const d of [badQuery, badConfidence]) {
      const back = await send(api, { method: 'GET', path: `/v1/decisions/${d.decisionId}` });
      expect(back.status, back.text).toBe(404);
    }
    const after = await snapshot(api);
    const ids = await storedDecisionIds(api);
    expect(after.decisions.length - before.decisions.length).toBe(2);
    expect(ids).toEqual(expect.arrayContaining(good.map((d) => d?.decisionId)));
    expect(ids).not.toContain(badQuery.decisionId);
    expect(ids).not.toContain(badConfidence.decisionId);
    expect(after.appliances).toEqual(before.appliances);
  });

  it('writes the good heartbeats and none of the bad', async () => {
    // Prepare
    const good = sampleHeartbeat({ applianceId: 'ucs-batch-good' });
    const bad = sampleHeartbeat({ applianceId: 'ucs-batch-bad', diskPercent: 250 });
    const before = await snapshot(api);

    // Act
    const res = await send(api, { method: 'POST', path: HEARTBEATS, json: { heartbeats: [good, bad] } });

    // Assess
    expect(res.status, res.text).toBe(207);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(res.body.results[1]).toMatchObject({
      index: 1,
      status: 'rejected',
      errors: [expect.objectContaining({ pointer: '/heartbeats/1/diskPercent' })],
    });
    const appliances = await send(api, { method: 'GET', path: '/v1/appliances' });
    const listed = appliances.body.items.map((a: { applianceId: string }) => a.applianceId);
    expect(listed).toContain('ucs-batch-good');
    expect(listed).not.toContain('ucs-batch-bad');
    const after = await snapshot(api);
    expect(after.decisions).toEqual(before.decisions);
    expect(JSON.stringify(after.appliances)).not.toContain('ucs-batch-bad');
  });

  it('a refused batch leaves a later good one unaffected (the good items were not half-written)', async () => {
    // Prepare
    const d = sampleDecision();
    await expectNothingWritten(api, () =>
      send(api, { method: 'POST', path: DECISIONS, json: { decisions: [d, d] } }),
    );

    // Act
    const res = await send(api, { method: 'POST', path: DECISIONS, json: d });

    // Assess: accepted (201), not a duplicate (200) of an earlier partial write
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('accepted');
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
