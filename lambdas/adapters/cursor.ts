import { HttpProblem } from '#shared/problem';

/** What a cursor carries: the index it belongs to and the key to resume after. */
export interface CursorState {
  readonly index: string;
  readonly key: Record<string, string>;
}

/** Encodes a resume position as an opaque, URL-safe string. */
export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify({ i: state.index, k: state.key })).toString('base64url');

/**
 * Decodes a cursor for a query on `index` whose partition attribute must equal
 * `partitionValue`, so a cursor can only resume the query it came from.
 * @throws HttpProblem 400 invalid_cursor
 */
export function decodeCursor(
  cursor: string,
  index: string,
  partitionAttr: string,
  partitionValue: string,
): Record<string, string> {
  const bad = () =>
    new HttpProblem(400, 'invalid_cursor', 'cursor is not valid for this query', [
      {
        pointer: 'query:cursor',
        code: 'invalid_cursor',
        message: 'pass back the nextCursor of the same query',
      },
    ]);
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: { i?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const key = parsed.k as Record<string, unknown> | undefined;
  if (parsed.i !== index || !key || typeof key !== 'object') throw bad();
  if (!Object.values(key).every((v) => typeof v === 'string')) throw bad();
  if (key[partitionAttr] !== partitionValue) throw bad();
  return key as Record<string, string>;
}
