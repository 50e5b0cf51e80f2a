import { describe, expect, it } from 'vitest';
import { type JsonPathSegment, walkJson } from '#contract/json-walk';

/** Every step's path and depth, in visiting order. */
function steps(document: unknown, control?: (path: JsonPathSegment[]) => 'skip' | 'stop' | undefined) {
  const seen: [JsonPathSegment[], number][] = [];
  walkJson(document, (step) => {
    const path = step.path();
    seen.push([path, step.depth]);
    return control?.(path);
  });
  return seen;
}

describe('walkJson', () => {
  it('visits every value in document order, depth first, with its path and depth', () => {
    // Prepare / Act
    const seen = steps({ a: [1, { b: 2 }], c: null });

    // Assess
    expect(seen).toEqual([
      [[], 0],
      [['a'], 1],
      [['a', 0], 2],
      [['a', 1], 2],
      [['a', 1, 'b'], 3],
      [['c'], 1],
    ]);
  });

  it('gives each value the member name or index it sits under', () => {
    // Prepare
    const keys: unknown[] = [];

    // Act
    walkJson({ x: ['y'], '': 0, __proto__: 1 } as unknown, ({ key }) => {
      keys.push(key);
      return undefined;
    });

    // Assess: `__proto__` written in an object literal is the prototype, not a member
    expect(keys).toEqual([undefined, 'x', 0, '']);
  });

  it('does not enter a skipped value, and ends at stop', () => {
    // Prepare / Act
    const skipped = steps({ a: { b: 1 }, c: 2 }, (p) => (p[0] === 'a' ? 'skip' : undefined));
    const stopped = steps({ a: { b: 1 }, c: 2 }, (p) => (p[1] === 'b' ? 'stop' : undefined));

    // Assess
    expect(skipped.map(([p]) => p)).toEqual([[], ['a'], ['c']]);
    expect(stopped.map(([p]) => p)).toEqual([[], ['a'], ['a', 'b']]);
  });

  it('walks a document a million levels deep without overflowing the stack', () => {
    // Prepare
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    let deepest = 0;

    // Act
    walkJson(deep, ({ depth }) => {
      deepest = Math.max(deepest, depth);
      return undefined;
    });

    // Assess
    expect(deepest).toBe(999_999);
  });

  it('visits a scalar root once', () => {
    // Prepare / Act / Assess
    expect(steps('text')).toEqual([[[], 0]]);
  });
});
