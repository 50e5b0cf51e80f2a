/**
 * Where the RE2 engine (re2js, about 150 KB) lands in the Lambda bundles: only in the functions
 * that load configured redaction rules (the ingest routes), not in every function that builds
 * the stores, whose decision store plans redacted writes with the rules it is given.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../../bench/support/bundle.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redaction-bundle-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const holdsRe2 = async (name: string, entry: string) =>
  Object.keys((await bundle(name, { entry: join(ROOT, entry) }, dir)).metafile.inputs).some((i) =>
    i.includes('node_modules/re2js/'),
  );

describe('the RE2 engine in the function bundles', () => {
  it('is in the ingest routes, which load the configured rules', async () => {
    // Prepare / Act / Assess
    expect(await holdsRe2('ingest-decisions', 'lambdas/entries/ingest-decisions.ts')).toBe(true);
  });

  it('is not in functions that only build the stores: the authorizer, reads, the stream consumers', async () => {
    // Prepare / Act
    const held = await Promise.all(
      ['authorizer', 'reads', 'aggregator'].map((n) => holdsRe2(n, `lambdas/entries/${n}.ts`)),
    );

    // Assess
    expect(held).toEqual([false, false, false]);
  });
});
