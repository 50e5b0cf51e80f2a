import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { LIMITS } from '#contract/limits';
import type { FieldError, ItemResult } from '#contract/responses';
import { listFieldErrors, summariseFieldErrors } from '#domain/field-errors';
import { listWithinBudget } from '#domain/item-results';
import { HttpProblem } from '#http/problem';
import { readQuery } from '#http/query-params';

const errors = (n: number): FieldError[] =>
  Array.from({ length: n }, (_, i) => ({
    pointer: `/x${i}`,
    code: 'unknown_field',
    message: 'unknown field',
  }));

describe('listFieldErrors', () => {
  it('keeps the first errors and counts them all', () => {
    // Act
    const listed = listFieldErrors(errors(45), 20);

    // Assess
    expect(listed.errorCount).toBe(45);
    expect(listed.errors.map((e) => e.pointer)).toEqual(errors(20).map((e) => e.pointer));
  });

  it('cuts a pointer of a megabyte-long member name to 128 characters, never halving a surrogate pair', () => {
    // Prepare
    const long = { pointer: `/${'k'.repeat(1_000_000)}`, code: 'unknown_field', message: 'unknown field' };
    const emoji = { pointer: `/${'😀'.repeat(100)}`, code: 'unknown_field', message: 'unknown field' };

    // Act
    const [a, b] = listFieldErrors([long, emoji], 20).errors;

    // Assess
    expect(a?.pointer).toHaveLength(128);
    expect(a?.pointer.endsWith('k…')).toBe(true);
    expect(b?.pointer.length).toBeLessThanOrEqual(128);
    expect(b?.pointer).toMatch(/^\/(😀)+…$/u);
  });

  it('says one error plainly and counts the others', () => {
    // Act
    const one = summariseFieldErrors(listFieldErrors(errors(1), 20));
    const many = summariseFieldErrors(listFieldErrors(errors(3), 20));

    // Assess
    expect(one).toBe('/x0: unknown field');
    expect(many).toBe('/x0: unknown field (and 2 more errors)');
  });
});

describe('listWithinBudget', () => {
  it('lists errors item by item until the budget is spent; later items keep their count and list none', () => {
    // Prepare
    const rejected = (index: number): ItemResult => ({
      index,
      status: 'rejected',
      code: 'validation_failed',
      ...listFieldErrors(errors(30), LIMITS.maxErrorsPerItem),
    });
    const results = [
      rejected(0),
      { index: 1, status: 'accepted' as const },
      ...[2, 3, 4, 5, 6].map(rejected),
    ];

    // Act
    const listed = listWithinBudget(results, 100);

    // Assess
    expect(listed.map((r) => r.errors?.length)).toEqual([20, undefined, 20, 20, 20, 20, 0]);
    expect(listed.filter((r) => r.status === 'rejected').every((r) => r.errorCount === 30)).toBe(true);
  });
});

describe('problems list at most maxErrorsPerResponse field errors', () => {
  it('HttpProblem lists 100 of 5,000 errors with errorCount', () => {
    // Act
    const problem = new HttpProblem(422, 'validation_failed', 'bad', errors(5000)).toProblem();

    // Assess
    expect(problem.errors).toHaveLength(LIMITS.maxErrorsPerResponse);
    expect(problem.errorCount).toBe(5000);
  });

  it('an unknown query parameter per name, within the cap and with a short detail', () => {
    // Prepare
    const params = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, 'x']));

    // Act
    const thrown = (() => {
      try {
        readQuery(z.strictObject({ limit: z.string().optional() }), params);
      } catch (e) {
        return e as HttpProblem;
      }
    })();

    // Assess
    const problem = thrown?.toProblem();
    expect(problem).toMatchObject({ code: 'invalid_query', errorCount: 500 });
    expect(problem?.errors).toHaveLength(LIMITS.maxErrorsPerResponse);
    expect(problem?.detail).toBe('query:p0: unknown query parameter (and 499 more errors)');
  });
});
