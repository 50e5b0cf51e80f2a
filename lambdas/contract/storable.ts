/**
 * What the store and the replica can keep, stated once so the contract refuses the rest at
 * the door (a 422 naming the field) instead of accepting a value that fails later:
 *
 * - DynamoDB numbers: 0 or a magnitude from 1e-130 to below 1e126 (38 significant digits;
 *   every IEEE 754 double in that range fits, integers beyond 2^53 included).
 * - PostgreSQL `text` and `jsonb`: no U+0000; `jsonb` refuses lone surrogates, and neither
 *   can be written as UTF-8, so every string is well-formed Unicode.
 * - DynamoDB maps: no empty member names.
 */
import { type JsonPathSegment, walkJson } from './json-walk.ts';

/** The smallest magnitude DynamoDB stores besides 0. */
export const MIN_STORABLE_MAGNITUDE = 1e-130;
/** DynamoDB refuses numbers of this magnitude and beyond. */
export const STORABLE_MAGNITUDE_LIMIT = 1e126;

/**
 * Whether DynamoDB can store a number.
 * @example isStorableNumber(1e16) // true
 * @example isStorableNumber(1e-200) // false
 */
export const isStorableNumber = (n: number): boolean =>
  n === 0 || (Math.abs(n) >= MIN_STORABLE_MAGNITUDE && Math.abs(n) < STORABLE_MAGNITUDE_LIMIT);

/** Why DynamoDB cannot store a number, for messages. */
export const UNSTORABLE_NUMBER =
  'must be 0 or of a magnitude from 1e-130 to below 1e126 (what DynamoDB can store)';

/**
 * Why PostgreSQL cannot keep a string, or `undefined` when it can.
 * @example textProblem('a\u0000b') // 'must not contain U+0000 (PostgreSQL text cannot hold it)'
 */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain U+0000 (PostgreSQL text cannot hold it)';
  if (!s.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

/** One value inside a JSON document that cannot be stored. */
export interface StorableJsonIssue {
  /** From the document's root to the value (a member name's own problem points at the member). */
  readonly path: JsonPathSegment[];
  readonly code: 'too_deep' | 'invalid_number' | 'invalid_string' | 'invalid_key';
  readonly message: string;
}

/**
 * Every value of a JSON document that DynamoDB or PostgreSQL could not keep as it is, and
 * whether it nests deeper than `maxDepth` (one issue at the root, nothing below it is read).
 * Iterative, so any depth is safe to check.
 * @example storableJsonIssues({ a: [1e-200], '': 'x' }, 16)
 * // [{ path: ['a', 0], code: 'invalid_number', ... }, { path: [''], code: 'invalid_key', ... }]
 */
export function storableJsonIssues(document: unknown, maxDepth: number): StorableJsonIssue[] {
  const issues: StorableJsonIssue[] = [];
  let tooDeep = false;
  walkJson(document, ({ value, key, depth, path }) => {
    if (typeof key === 'string') {
      const problem = key === '' ? 'must not be empty' : textProblem(key);
      if (problem) issues.push({ path: path(), code: 'invalid_key', message: `member name ${problem}` });
    }
    if (value !== null && typeof value === 'object' && depth >= maxDepth) {
      tooDeep = true;
      return 'stop';
    }
    if (typeof value === 'number' && !isStorableNumber(value)) {
      issues.push({ path: path(), code: 'invalid_number', message: UNSTORABLE_NUMBER });
    } else if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) issues.push({ path: path(), code: 'invalid_string', message: problem });
    }
    return undefined;
  });
  if (tooDeep) {
    return [{ path: [], code: 'too_deep', message: `may nest at most ${maxDepth} levels deep` }];
  }
  return issues;
}
