/**
 * Bad input, part 8: bodies nested deeper than any valid one. A body deeper than
 * `LIMITS.maxBodyDepth` is refused before it is validated, with the pointer of the first
 * object or array past the limit, whatever route it comes in on and wherever the nesting
 * (or a `__proto__` member inside it) sits; up to that depth the contract's own checks name
 * the field. The server never answers 5xx and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { listFieldErrors } from '#domain/field-errors';
import { useTestApi } from '../support/local-api.ts';
import { sampleDecision, sampleFeedback, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectStillUp,
  JSON_HEADERS,
  refused,
  runBadCase,
  UNUSED_ID,
  withRawValue,
} from './bad-input-helpers.ts';

const api = useTestApi();

/** `depth` objects nested under member `key`, e.g. depth 2 → `{"a":{"a":{}}}`; `inner` at the bottom. */
const nestedObjects = (depth: number, key = 'a', inner = '{}') =>
  `${`{"${key}":`.repeat(depth)}${inner}${'}'.repeat(depth)}`;
/** `depth` nested arrays, e.g. depth 2 → `[[]]`. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The level of the first object or array past the limit (the body itself is level 1). */
const FIRST_TOO_DEEP = LIMITS.maxBodyDepth + 1;

/**
 * A case refused for nesting: 422 validation_failed with one `too_deep` error at `pointer`,
 * the pointer of the first container past the limit.
 */
/** The pointer as an answer lists it: long pointers are cut (see `listFieldErrors`). */
const listedPointer = (pointer: string): string =>
  listFieldErrors([{ pointer, code: 'too_deep', message: '' }], 1).errors[0]?.pointer ?? pointer;

const tooDeep = (name: string, path: string, raw: string, pointer: string): BadCase => ({
  name,
  method: 'POST',
  path,
  raw,
  headers: JSON_HEADERS,
  status: 422,
  code: 'validation_failed',
  errors: [{ pointer: listedPointer(pointer), code: 'too_deep' }],
});

const decision = () => ({ ...sampleDecision() });
const intentWith = (parameterValue: string) =>
  `{"action":"dns.add_record","parameters":{"a":${parameterValue}}}`;

/** `/intent/parameters/a` is level 4; the pointer runs on through the nesting to the first level too deep. */
const underParametersA = (segment: string) => `/intent/parameters/a${segment.repeat(FIRST_TOO_DEEP - 4)}`;

const cases: BadCase[] = [
  tooDeep(
    'intent.parameters nested 2,000 objects deep',
    '/v1/decisions',
    withRawValue(decision(), 'intent', intentWith(nestedObjects(2_000))),
    underParametersA('/a'),
  ),
  tooDeep(
    'intent.parameters nested 2,000 arrays deep',
    '/v1/decisions',
    withRawValue(decision(), 'intent', intentWith(nestedArrays(2_000))),
    underParametersA('/0'),
  ),
  tooDeep(
    'a 5,000-level body with a __proto__ member at the bottom',
    '/v1/decisions',
    withRawValue(
      decision(),
      'intent',
      intentWith(nestedObjects(5_000, 'a', '{"__proto__":{"polluted":true}}')),
    ),
    underParametersA('/a'),
  ),
  tooDeep(
    'a batch whose second decision nests 2,000 levels',
    '/v1/decisions',
    `{"decisions":[${JSON.stringify(decision())},${withRawValue(decision(), 'intent', intentWith(nestedArrays(2_000)))}]}`,
    `/decisions/1/intent/parameters/a${'/0'.repeat(FIRST_TOO_DEEP - 6)}`,
  ),
  tooDeep(
    'feedback correctIntent.parameters nested 2,000 levels',
    `/v1/decisions/${UNUSED_ID}/feedback`,
    withRawValue({ ...sampleFeedback() }, 'correctIntent', intentWith(nestedObjects(2_000))),
    `/correctIntent/parameters/a${'/a'.repeat(FIRST_TOO_DEEP - 4)}`,
  ),
  tooDeep(
    'heartbeat services nested 5,000 levels',
    '/v1/heartbeats',
    withRawValue({ ...sampleHeartbeat() }, 'services', nestedObjects(5_000, 'dns')),
    `/services${'/dns'.repeat(FIRST_TOO_DEEP - 2)}`,
  ),
  tooDeep(
    'an unknown field 1,000,000 arrays deep (2 MB)',
    '/v1/decisions',
    withRawValue(decision(), 'x', nestedArrays(1_000_000)),
    `/x${'/0'.repeat(FIRST_TOO_DEEP - 2)}`,
  ),
];

describe('bodies nested deeper than any valid one', () => {
  it.each(cases)('$name → 422 too_deep', async (c) => {
    await runBadCase(api, c);
  });

  it('a __proto__ member above a deep branch is named as such', async () => {
    // Prepare: the member comes first in document order, the deep branch after it
    const raw = withRawValue(
      decision(),
      'intent',
      `{"action":"dns.add_record","parameters":{"b":{"__proto__":1},"a":${nestedArrays(5_000)}}}`,
    );

    // Act / Assess
    await runBadCase(api, {
      name: '__proto__ then deep',
      method: 'POST',
      path: '/v1/decisions',
      raw,
      headers: JSON_HEADERS,
      status: 422,
      code: 'validation_failed',
      errors: [{ pointer: '/intent/parameters/b/__proto__', code: 'forbidden_key' }],
    });
  });

  it(`parameters nested to the body limit (${LIMITS.maxBodyDepth} levels) get the contract's own error at /intent/parameters`, async () => {
    // Prepare: /intent/parameters/a is level 4, so the nesting fills the body's levels exactly
    const raw = withRawValue(decision(), 'intent', intentWith(nestedArrays(LIMITS.maxBodyDepth - 3)));

    // Act
    const res = await runBadCase(api, refused('deep parameters', '/v1/decisions', raw, '/intent/parameters'));

    // Assess
    expect(res.body.errors.map((e: { code: string }) => e.code)).not.toContain('too_deep');
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
