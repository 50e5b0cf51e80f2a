/**
 * Bad input, part 8: the size of the answer to bad input. Field errors are listed up to
 * `LIMITS.maxErrorsPerItem` per item and `LIMITS.maxErrorsPerResponse` in all, each with the
 * item's full `errorCount`, so the answer to a body at the size and item limits stays far
 * below Lambda's 6 MB response limit (past it, Lambda answers 5xx instead of the problem).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleHeartbeat } from '../support/samples.ts';
import { expectNothingWritten, expectProblem, send, UNUSED_ID } from './bad-input-helpers.ts';

const api = useTestApi();

/** Posts `body` as sent to the decisions batch route, and checks nothing was written. */
const postRawBatch = (body: string) =>
  expectNothingWritten(api, () =>
    send(api, {
      method: 'POST',
      path: '/v1/decisions',
      raw: body,
      headers: { 'content-type': 'application/json' },
    }),
  );

/** Every answer to bad input stays under this, whatever the body (Lambda refuses answers over 6 MB). */
const RESPONSE_BOUND_BYTES = 256 * 1024;

/** Room left under the body limit for the JSON around the filler. */
const MARGIN_BYTES = 4096;

/** `count` unknown members `x0`, `x1`, ... (short names: as many errors per byte as the contract allows). */
const unknownFields = (count: number, prefix = 'x'): Record<string, number> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 0]));

/** How many unknown members of {@link unknownFields} fit in `bytes` beside `base` (`"x12":0,` each). */
function fieldsFitting(base: object, bytes: number, prefix = 'x'): number {
  let size = Buffer.byteLength(JSON.stringify(base));
  let count = 0;
  while (size + `"${prefix}${count}":0,`.length <= bytes) size += `"${prefix}${count++}":0,`.length;
  return count;
}

/** The errors an item result or problem lists, asserted to be within the caps, and its count. */
function listed(entry: { errors?: unknown[]; errorCount?: number }, cap: number): number {
  const errors = entry.errors ?? [];
  expect(errors.length).toBeLessThanOrEqual(cap);
  expect(entry.errorCount ?? errors.length).toBeGreaterThanOrEqual(errors.length);
  return errors.length;
}

describe('field errors are capped per item and per response', () => {
  it('a decision batch at the size and item limits, every item bad: a bounded 422 with each count right', async () => {
    // Prepare: 100 decisions, each with as many unknown fields as fit in 4 MiB / 100
    const perItem = Math.floor((LIMITS.maxBodyBytes - MARGIN_BYTES) / LIMITS.maxBatchItems);
    const fields = fieldsFitting(sampleDecision(), perItem);
    const decisions = Array.from({ length: LIMITS.maxBatchItems }, () => ({
      ...sampleDecision(),
      ...unknownFields(fields),
    }));
    const body = JSON.stringify({ decisions });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMITS.maxBodyBytes);

    // Act
    const res = await postRawBatch(body);

    // Assess
    expectProblem(res, 422, 'all_rejected');
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 0, rejected: LIMITS.maxBatchItems });
    expect(res.body.results).toHaveLength(LIMITS.maxBatchItems);
    let total = 0;
    for (const [index, r] of res.body.results.entries()) {
      expect(r).toMatchObject({ index, status: 'rejected', code: 'validation_failed', errorCount: fields });
      total += listed(r, LIMITS.maxErrorsPerItem);
    }
    expect(total).toBe(LIMITS.maxErrorsPerResponse);
    expect(res.body.results[0].errors[0]).toEqual({
      pointer: '/decisions/0/x0',
      code: 'unknown_field',
      message: 'unknown field',
    });
  });

  it('a heartbeat batch at the limits, bad services in every item: bounded, counts right', async () => {
    // Prepare: each heartbeat's services map holds invalid names with invalid states
    const perItem = Math.floor((LIMITS.maxBodyBytes - MARGIN_BYTES) / LIMITS.maxBatchItems);
    const services = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`-${i}`, 'sideways']));
    let count = Math.floor(perItem / 20);
    while (
      Buffer.byteLength(JSON.stringify(sampleHeartbeat({ services: services(count) as never }))) > perItem
    )
      count -= 50;
    const heartbeats = Array.from({ length: LIMITS.maxBatchItems }, (_, i) =>
      sampleHeartbeat({ applianceId: `ucs-cap-${i}`, services: services(count) as never }),
    );

    // Act
    const res = await expectNothingWritten(api, () =>
      send(api, { method: 'POST', path: '/v1/heartbeats', json: { heartbeats } }),
    );

    // Assess
    expectProblem(res, 422, 'all_rejected');
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    let total = 0;
    for (const r of res.body.results) {
      expect(r.errorCount).toBeGreaterThanOrEqual(count);
      total += listed(r, LIMITS.maxErrorsPerItem);
    }
    expect(total).toBe(LIMITS.maxErrorsPerResponse);
  });

  it('a mixed batch lists the bad items with their counts and accepts the good ones (207)', async () => {
    // Prepare
    const good = sampleDecision();
    const bad = { ...sampleDecision(), ...unknownFields(30) };
    const worse = { ...sampleDecision(), confidence: 7, ...unknownFields(5) };

    // Act
    const res = await send(api, {
      method: 'POST',
      path: '/v1/decisions',
      json: { decisions: [bad, good, worse] },
    });

    // Assess
    expect(res.status, res.text).toBe(207);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 2 });
    const [first, second, third] = res.body.results;
    expect(first).toMatchObject({ index: 0, status: 'rejected', errorCount: 30 });
    expect(first.errors).toHaveLength(LIMITS.maxErrorsPerItem);
    expect(first.message).toBe('/decisions/0/x0: unknown field (and 29 more errors)');
    expect(second).toMatchObject({ index: 1, status: 'accepted' });
    expect(second).not.toHaveProperty('errorCount');
    expect(third).toMatchObject({ index: 2, status: 'rejected', errorCount: 6 });
    expect(third.errors).toHaveLength(6);
    expect(third.errors).toContainEqual(expect.objectContaining({ pointer: '/decisions/2/confidence' }));
  });

  it.each([
    { name: 'decision', path: '/v1/decisions', base: () => sampleDecision() },
    { name: 'execution', path: `/v1/decisions/${UNUSED_ID}/execution`, base: () => ({ schemaVersion: 1 }) },
    { name: 'heartbeat', path: '/v1/heartbeats', base: () => sampleHeartbeat() },
  ])('a single $name body of 4 MiB of unknown fields: a bounded 422 listing 20 with the total', async (c) => {
    // Prepare
    const base = c.base();
    const fields = fieldsFitting(base, LIMITS.maxBodyBytes - MARGIN_BYTES);

    // Act
    const res = await expectNothingWritten(api, () =>
      send(api, { method: 'POST', path: c.path, json: { ...base, ...unknownFields(fields) } }),
    );

    // Assess
    expectProblem(res, 422, 'validation_failed');
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(res.body.errors).toHaveLength(LIMITS.maxErrorsPerItem);
    expect(res.body.errorCount).toBeGreaterThanOrEqual(fields);
    expect(res.body.detail.length).toBeLessThan(1024);
  });

  it('an unknown field whose name is megabytes long: the pointer is shortened, the answer bounded', async () => {
    // Prepare
    const name = 'k'.repeat(LIMITS.maxBodyBytes - MARGIN_BYTES - 2048);

    // Act
    const res = await send(api, {
      method: 'POST',
      path: '/v1/decisions',
      json: { ...sampleDecision(), [name]: 0 },
    });

    // Assess
    expectProblem(res, 422, 'validation_failed');
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(res.body.errorCount).toBe(1);
    expect(res.body.errors[0].pointer).toMatch(/^\/kkkk+…$/);
  });

  it('the worst case: every item at the limits with long member names of control characters, and a control-character id', async () => {
    // Prepare: names escape to six bytes a character in JSON, and ids are echoed
    const perItem = Math.floor((LIMITS.maxBodyBytes - MARGIN_BYTES) / LIMITS.maxBatchItems);
    const name = (i: number, n: number) => `\u0001`.repeat(n) + String(i);
    const decisions = Array.from({ length: LIMITS.maxBatchItems }, () => {
      const fields = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [name(i, 220), 0]));
      return { ...sampleDecision(), decisionId: '\u0002'.repeat(64), ...fields };
    });
    const body = JSON.stringify({ decisions });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMITS.maxBodyBytes);
    expect(Buffer.byteLength(body)).toBeGreaterThan(perItem * LIMITS.maxBatchItems * 0.75);

    // Act
    const res = await postRawBatch(body);

    // Assess
    expectProblem(res, 422, 'all_rejected');
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(res.body.results.every((r: { errorCount: number }) => r.errorCount >= 25)).toBe(true);
  });

  it('a batch envelope with thousands of unknown members: at most 100 listed, with the total', async () => {
    // Prepare
    const extra = unknownFields(50_000, 'y');

    // Act
    const res = await expectNothingWritten(api, () =>
      send(api, { method: 'POST', path: '/v1/decisions', json: { decisions: [sampleDecision()], ...extra } }),
    );

    // Assess
    expectProblem(res, 422, 'validation_failed', [{ pointer: '/y0', code: 'unknown_field' }]);
    expect(Buffer.byteLength(res.text)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(res.body.errors).toHaveLength(LIMITS.maxErrorsPerResponse);
    expect(res.body.errorCount).toBe(50_000);
  });
});
