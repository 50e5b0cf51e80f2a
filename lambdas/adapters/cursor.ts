import { createHash } from 'node:crypto';
import { rejection } from '#domain/rejection';

/**
 * The query a cursor belongs to: which index, which attributes make up a resume key there (the
 * table's key and the index's), the partition the caller may read, and a fingerprint of the
 * rest of the query, so a cursor resumes only the query it came from.
 */
export interface CursorQuery {
  readonly index: string;
  /** Every attribute of a resume key on this index: the table's key attributes and the index's. */
  readonly keyAttributes: readonly string[];
  /** The index's partition attribute and the one value this caller may read. */
  readonly partition: { readonly attr: string; readonly value: string };
  /** Attributes whose values must start with a prefix, e.g. the table key `pk` with `<tenant>#`. */
  readonly prefixes?: Readonly<Record<string, string>>;
  /** The index's sort attribute and the bounds the query's key condition puts on it (inclusive). */
  readonly sort?: { readonly attr: string; readonly min?: string; readonly max?: string };
  /** {@link queryFingerprint} of everything else that shapes the query (filters, bounds, order). */
  readonly fingerprint: string;
}

/** What a cursor carries: the index, the key to resume after and the query's fingerprint. */
export interface CursorState {
  readonly index: string;
  readonly key: Record<string, string>;
  readonly fingerprint: string;
}

/** DynamoDB's limit on a sort key value, the stricter of its two key limits. */
const MAX_KEY_BYTES = 1024;

/**
 * A short, stable digest of a query's shape (index, key condition, values, filters, order).
 * @example queryFingerprint({ index: 'byTenant', values: { ':pk': 'acme' } }) // '3f1c…' (16 hex)
 */
export const queryFingerprint = (shape: unknown): string =>
  createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);

/** Encodes a resume position as an opaque, URL-safe string. */
export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify({ i: state.index, q: state.fingerprint, k: state.key })).toString('base64url');

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** DynamoDB orders string keys by their UTF-8 bytes, which JavaScript's `<` does not. */
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Decodes a cursor for `query` and returns the exclusive start key, checked to be one DynamoDB
 * accepts for that query: exactly the key attributes of the index, each a non-empty string of
 * at most 1024 bytes, in the caller's partition, within the key condition's bounds, and made
 * by the same query. Anything else is the client's mistake, never a 500.
 * @throws RejectionError malformed / invalid_cursor (400)
 */
export function decodeCursor(cursor: string, query: CursorQuery): Record<string, string> {
  const bad = () =>
    rejection('malformed', 'invalid_cursor', 'cursor is not valid for this query', [
      {
        pointer: 'query:cursor',
        code: 'invalid_cursor',
        message: 'pass back the nextCursor of the same query',
      },
    ]);
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!isRecord(parsed) || parsed.i !== query.index || parsed.q !== query.fingerprint) throw bad();
  const key = parsed.k;
  if (!isRecord(key)) throw bad();
  const names = Object.keys(key);
  const expected = new Set(query.keyAttributes);
  if (names.length !== expected.size || !names.every((n) => expected.has(n))) throw bad();
  for (const v of Object.values(key)) {
    if (typeof v !== 'string' || v === '' || bytes(v) > MAX_KEY_BYTES) throw bad();
  }
  const k = key as Record<string, string>;
  if (k[query.partition.attr] !== query.partition.value) throw bad();
  for (const [attr, prefix] of Object.entries(query.prefixes ?? {})) {
    if (!k[attr]?.startsWith(prefix)) throw bad();
  }
  if (query.sort) {
    const v = k[query.sort.attr] as string;
    if (query.sort.min !== undefined && utf8Compare(v, query.sort.min) < 0) throw bad();
    if (query.sort.max !== undefined && utf8Compare(v, query.sort.max) > 0) throw bad();
  }
  return k;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
