/**
 * What a Lambda bundle of the contract holds and answers: no classic zod (the cold-start
 * saving depends on it) and the same English messages the API always gave, which in a process
 * without classic zod come only from `#contract/zod`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundle } from '../../../bench/support/bundle.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRY = `
import { decisionSchema } from './lambdas/contract/decision.ts';
import { fieldErrors } from './lambdas/domain/field-errors.ts';
const bad = { schemaVersion: 2, decisionId: 'x', confidence: 7, agent: { name: '', version: 3 }, extra: 1 };
const result = decisionSchema.safeParse(bad);
console.log(JSON.stringify(result.success ? [] : fieldErrors(result.error)));
`;

describe('the contract as a Lambda function bundles it', () => {
  let dir: string;
  let built: Bundle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zod-mini-'));
    built = await bundle('contract', { contents: ENTRY, resolveDir: ROOT }, dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('holds zod/mini and no classic zod', () => {
    // Prepare / Act
    const inputs = Object.keys(built.metafile.inputs);

    // Assess
    expect(inputs.some((i) => i.includes('zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('zod/v4/classic/'))).toEqual([]);
  });

  it('answers in English, with the codes and pointers of the contract', () => {
    // Prepare / Act
    const errors = JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' }));

    // Assess
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/schemaVersion', code: 'invalid_value', message: 'Invalid input: expected 1' },
        { pointer: '/decisionId', code: 'invalid_format', message: 'must be a UUID' },
        {
          pointer: '/occurredAt',
          code: 'invalid_type',
          message: 'Invalid input: expected string, received undefined',
        },
        {
          pointer: '/agent/name',
          code: 'too_small',
          message: 'Too small: expected string to have >=1 characters',
        },
        { pointer: '/confidence', code: 'too_big', message: 'Too big: expected number to be <=1' },
        { pointer: '/extra', code: 'unknown_field', message: 'unknown field' },
      ]),
    );
  });
});
