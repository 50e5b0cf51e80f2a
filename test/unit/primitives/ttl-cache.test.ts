import { describe, expect, it } from 'vitest';
import { TtlCache } from '#primitives/ttl-cache';

describe('TtlCache', () => {
  it('forgets entries after their time and evicts the oldest beyond its size', () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 2, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    now = 1000;
    expect(cache.get('b')).toBeUndefined();
  });

  it('caches nothing with a zero time to live', () => {
    const cache = new TtlCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
