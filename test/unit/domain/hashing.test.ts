import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, normaliseQuery, queryHash } from '#domain/hashing';

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
});
