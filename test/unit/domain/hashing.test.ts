import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, normaliseQuery, queryHash, sha256Hex } from '#domain/hashing';

describe('hashing', () => {
  it('canonical JSON ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it('normalises the query before hashing it', () => {
    expect(normaliseQuery('  Add  DNS\n\trecord ')).toBe('add dns record');
    expect(normaliseQuery('ＡＤＤ record')).toBe('add record');
    expect(queryHash('Restart  Postfix')).toBe(queryHash('restart postfix'));
    expect(queryHash('restart postfix')).toMatch(/^[0-9a-f]{64}$/);
    expect(queryHash('restart postfix')).not.toBe(queryHash('restart dovecot'));
  });

  it('hashes text as SHA-256 of its UTF-8 bytes, lone surrogates included, as stored hashes were made', () => {
    // Prepare: the digest stored hashes were computed with
    const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

    // Act + Assess
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { seed: 20_261_208, numRuns: 2_000 },
    );
  });
});
