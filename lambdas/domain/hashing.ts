import { hash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Lower-case hex SHA-256 of a UTF-8 string (the one-shot `crypto.hash`: no Hash object per
 * call, the same digest).
 * @example sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/** Hash of a value's canonical JSON: equal content, equal hash. */
export const contentHash = (value: unknown): string => sha256Hex(canonicalJson(value));

/**
 * The operator's query in normal form: Unicode NFKC, lower case, runs of white space
 * as one space, trimmed. `query_hash` is taken from this, so the same request typed
 * twice groups together.
 * @example normaliseQuery('  Add  DNS\nrecord ') // 'add dns record'
 */
export const normaliseQuery = (query: string): string =>
  query.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

/** `query_hash`: SHA-256 of the normalised (already redacted) query. */
export const queryHash = (query: string): string => sha256Hex(normaliseQuery(query));
