import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { asHttpProblem, type HttpProblem } from '#http/problem';
import { readJsonBody } from '#http/request-body';

const read = (body: string) =>
  readJsonBody({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false });

/** The problem `readJsonBody` throws for `body`, or `undefined` when it reads it. */
function problemOf(body: string): HttpProblem | undefined {
  try {
    read(body);
    return undefined;
  } catch (e) {
    const problem = asHttpProblem(e);
    if (problem) return problem;
    throw e;
  }
}

/** `levels` arrays nested under member `a`: `{"a":[[...]]}` is 1 + levels levels deep. */
const nestedUnderA = (levels: number) => `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('readJsonBody: the shape of a body, before any schema', () => {
  it(`reads a body exactly ${LIMITS.maxBodyDepth} levels deep`, () => {
    // Prepare / Act / Assess
    expect(problemOf(nestedUnderA(LIMITS.maxBodyDepth - 1))).toBeUndefined();
  });

  it('refuses one level more with 422 too_deep at the first container past the limit', () => {
    // Prepare / Act
    const problem = problemOf(nestedUnderA(LIMITS.maxBodyDepth));

    // Assess
    expect(problem?.status).toBe(422);
    expect(problem?.code).toBe('validation_failed');
    expect(problem?.errors).toEqual([
      {
        pointer: `/a${'/0'.repeat(LIMITS.maxBodyDepth - 1)}`,
        code: 'too_deep',
        message: expect.stringContaining(String(LIMITS.maxBodyDepth)),
      },
    ]);
  });

  it('refuses a body a million levels deep without overflowing the stack', () => {
    // Prepare / Act
    const problem = problemOf(nestedUnderA(1_000_000));

    // Assess
    expect(problem?.errors?.[0]?.code).toBe('too_deep');
  });

  it.each([
    ['at the top', '{"__proto__":{}}', '/__proto__'],
    ['in an array', '{"a":[0,{"__proto__":1}]}', '/a/1/__proto__'],
    ['under an escaped name', '{"x/y~z":{"__proto__":1}}', '/x~1y~0z/__proto__'],
    ['written with escapes', '{"a":{"\\u005f_proto__":1}}', '/a/__proto__'],
  ])('refuses a __proto__ member %s, naming it', (_where, body, pointer) => {
    // Prepare / Act
    const problem = problemOf(body);

    // Assess
    expect(problem?.errors).toEqual([{ pointer, code: 'forbidden_key', message: expect.any(String) }]);
  });

  it('reads a __proto__ string value and a member named "proto"', () => {
    // Prepare / Act / Assess
    expect(read('{"proto":"__proto__"}')).toEqual({ proto: '__proto__' });
  });
});
