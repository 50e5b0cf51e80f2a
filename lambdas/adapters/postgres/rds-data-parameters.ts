import type { SqlParameter } from '@aws-sdk/client-rds-data';

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** The Data API's name for positional parameter `n` (1-based): `$3` is `:p3`. */
export const parameterName = (n: number): string => `p${n}`;

/** Index just past a quoted run starting at `start` (`quote` doubled inside escapes itself). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i += 1;
  }
  return i;
}

/** Index just past a block comment starting at `start` (PostgreSQL nests them). */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return i;
}

/**
 * Rewrites PostgreSQL positional parameters (`$1..$n`) as the Data API's named ones
 * (`:p1..:pn`), leaving string literals, quoted identifiers, comments and dollar-quoted
 * bodies untouched. Casts survive: `$1::uuid` becomes `:p1::uuid`.
 * @example toNamedParameters("SELECT $1::int, '$2'") // "SELECT :p1::int, '$2'"
 */
export function toNamedParameters(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const prev = i > 0 ? (sql[i - 1] as string) : '';
    let end = i + 1;
    if (c === "'") end = skipQuoted(sql, i, "'", prev === 'E' || prev === 'e');
    else if (c === '"') end = skipQuoted(sql, i, '"', false);
    else if (sql.startsWith('--', i)) end = sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i);
    else if (sql.startsWith('/*', i)) end = skipBlockComment(sql, i);
    else if (c === '$' && !IDENTIFIER_CHAR.test(prev)) {
      const digits = /^\$(\d+)/.exec(sql.slice(i));
      const tag = DOLLAR_TAG.exec(sql.slice(i));
      if (digits) {
        out += `:${parameterName(Number(digits[1]))}`;
        i += digits[0].length;
        continue;
      }
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        end = close === -1 ? sql.length : close + tag[0].length;
      }
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

/** One element of a PostgreSQL array literal. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A JS array as PostgreSQL array text, e.g. `['a', 'b"c', null]` → `{"a","b\"c",NULL}`.
 * @example arrayLiteral(['x', 'y']) // '{"x","y"}'
 */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

/**
 * A parameter value as a typed Data API `SqlParameter` named `p<n>`: integers as
 * `longValue`, other numbers `doubleValue`, booleans, strings, bytes as `blobValue`,
 * null as `isNull`; `Date` as ISO text; arrays as PostgreSQL array text and objects as
 * JSON (`typeHint: 'JSON'`), both meant for a cast in the SQL (`::text[]`, `::jsonb`):
 * the Data API takes no array parameters.
 * @throws Error naming the parameter for NaN, ±Infinity and other unsupported values
 * @example toSqlParameter(3, 0.93) // { name: 'p3', value: { doubleValue: 0.93 } }
 */
export function toSqlParameter(n: number, value: unknown): SqlParameter {
  const name = parameterName(n);
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  switch (typeof value) {
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'string':
      return { name, value: { stringValue: value } };
    case 'bigint':
      return Number.isSafeInteger(Number(value))
        ? { name, value: { longValue: Number(value) } }
        : { name, value: { stringValue: value.toString() } };
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`parameter $${n}: ${value} cannot be sent to PostgreSQL`);
      return Number.isSafeInteger(value)
        ? { name, value: { longValue: value } }
        : { name, value: { doubleValue: value } };
    case 'object':
      if (value instanceof Date) return { name, value: { stringValue: value.toISOString() } };
      if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
      if (Array.isArray(value)) return { name, value: { stringValue: arrayLiteral(value) } };
      return { name, value: { stringValue: JSON.stringify(value) }, typeHint: 'JSON' };
    default:
      throw new Error(`parameter $${n}: a ${typeof value} cannot be sent to PostgreSQL`);
  }
}

/** All parameters of one statement, `$1` first. */
export const toSqlParameters = (params: readonly unknown[]): SqlParameter[] =>
  params.map((value, i) => toSqlParameter(i + 1, value));
