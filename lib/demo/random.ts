import { randomUUID } from 'node:crypto';

/** Draws used by the demo generators; every one derives from a single `() => number` in [0, 1). */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max), rounded to `digits` decimals. @default digits 3 */
  float(min: number, max: number, digits?: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `k` distinct elements of a list, in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** One value, chosen by weight: `[[value, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** `n` lower-case hex digits. */
  hex(n: number): string;
  /** `n` characters of `[A-Za-z0-9]`. */
  alnum(n: number): string;
  /** A v4 UUID: from `crypto.randomUUID` unless a random source was given. */
  uuid(): string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Wraps a random source into the draws the generators need. Given a source, every draw
 * (UUIDs included) derives from it, so a seeded source makes the traffic reproducible.
 * @param random a source of floats in [0, 1). @default Math.random
 * @example
 * const rng = createRng(seededRandom(42));
 * rng.pick(['dns', 'mail']); // the same value on every run
 */
export function createRng(random?: () => number): Rng {
  const next = random ?? Math.random;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.min(items.length - 1, Math.floor(next() * items.length))] as T;
  };
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    float: (min, max, digits = 3) => round(min + next() * (max - min), digits),
    chance: (p) => next() < p,
    pick,
    sample: <T>(items: readonly T[], k: number): T[] => {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < k && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
      return out;
    },
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return (entries.at(-1) as (typeof entries)[number])[0];
    },
    hex,
    alnum: (n) => Array.from({ length: n }, () => pick([...ALNUM])).join(''),
    uuid: random
      ? () => {
          const h = hex(32);
          const variant = '89ab'[int(0, 3)];
          return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
        }
      : randomUUID,
  };
}

/**
 * A small, fast seeded generator (mulberry32): the same seed gives the same sequence.
 * @example const random = seededRandom(7); random(); // 0.0…1.0, reproducible
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Rounds to a number of decimals. */
export const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Keeps a value within bounds. */
export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
