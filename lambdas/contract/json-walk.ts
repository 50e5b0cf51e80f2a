/** A member name or an array index on the way from the root to a value. */
export type JsonPathSegment = string | number;

/** One value met by {@link walkJson}; valid during the visit only (the walk reuses it). */
export interface JsonStep {
  readonly value: unknown;
  /** The member name or index under which the value sits; `undefined` for the root. */
  readonly key: JsonPathSegment | undefined;
  /** Objects and arrays around the value: 0 for the root, 1 for its members, ... */
  readonly depth: number;
  /**
   * The segments from the root to the value, built on demand (call it during the visit: the
   * walk moves on afterwards).
   */
  path(): JsonPathSegment[];
}

/** What a visitor asks for next: go on, do not enter this value, or stop the whole walk. */
export type JsonWalkControl = undefined | 'skip' | 'stop';

interface Frame {
  readonly container: object;
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  index: number;
}

const frameOf = (container: object): Frame => {
  const keys = Array.isArray(container) ? undefined : Object.keys(container);
  return { container, keys, length: keys ? keys.length : (container as unknown[]).length, index: 0 };
};

const keyAt = (frame: Frame, index: number): JsonPathSegment =>
  frame.keys ? (frame.keys[index] as string) : index;

/**
 * Visits every value of a parsed JSON document in document order, depth first, without
 * recursion: the stack is an array as long as the current depth, so a hostile document
 * nested a million levels deep cannot overflow the call stack (the visitor decides how deep
 * to go by answering `'skip'`).
 * @example
 * walkJson({ a: [1, { b: 2 }] }, (step) => console.log(step.path(), step.depth));
 * // [] 0, ['a'] 1, ['a', 0] 2, ['a', 1] 2, ['a', 1, 'b'] 3
 */
export function walkJson(root: unknown, visit: (step: JsonStep) => JsonWalkControl): void {
  const stack: Frame[] = [];
  const path = () => stack.map((f) => keyAt(f, f.index - 1));
  // One step object, refilled for each value: a 4 MB body has hundreds of thousands of values.
  const step: { value: unknown; key: JsonPathSegment | undefined; depth: number; path: typeof path } = {
    value: undefined,
    key: undefined,
    depth: 0,
    path,
  };
  const enter = (value: unknown, key: JsonPathSegment | undefined): boolean => {
    step.value = value;
    step.key = key;
    step.depth = stack.length;
    const control = visit(step);
    if (control === 'stop') return false;
    if (control !== 'skip' && value !== null && typeof value === 'object') stack.push(frameOf(value));
    return true;
  };
  if (!enter(root, undefined)) return;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.index >= top.length) {
      stack.pop();
      continue;
    }
    const key = keyAt(top, top.index);
    top.index += 1;
    const value = top.keys
      ? (top.container as Record<string, unknown>)[key]
      : (top.container as unknown[])[key as number];
    if (!enter(value, key)) return;
  }
}
