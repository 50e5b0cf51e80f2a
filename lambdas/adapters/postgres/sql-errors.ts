/**
 * Tells PostgreSQL's verdict on a row (a data error) from a failure to reach the database, on
 * all three adapters: node-postgres and PGlite give the SQLSTATE as `code`; the RDS Data API
 * puts it at the end of the message (`ERROR: …; SQLState: 22003`).
 */
import type { RecordFailure } from '#streams/record-failure';

/** A SQLSTATE: a class (digits, or F0, HV, P0, XX) and three more characters; never a Node error code such as EPIPE. */
const SQLSTATE = /^(?:[0-9][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/;

/**
 * The SQLSTATE of a database error, or `undefined` for any other error.
 * @example sqlState(new Error('ERROR: value "2147483648" is out of range for type integer; SQLState: 22003')) // '22003'
 */
export function sqlState(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SQLSTATE.test(code)) return code;
  const message = (error as { message?: unknown }).message;
  const quoted = typeof message === 'string' ? /SQLState: ([0-9A-Z]{5})\b/.exec(message)?.[1] : undefined;
  return quoted !== undefined && SQLSTATE.test(quoted) ? quoted : undefined;
}

/**
 * Whether the database refused a row for what it holds, so that the same row fails again on
 * every retry: class 22 (data exception: a number out of range, a NUL character, invalid
 * text for a type), class 23 (integrity constraint violation) and 54000 (a value too large
 * for an index). Connection losses, timeouts, throttling, serialization failures, a missing
 * table are not: they may pass.
 * @example isRowDataError({ code: '22003' }) // true
 */
export function isRowDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23') || state === '54000');
}

/**
 * The dead letter's account of a data error.
 * @example dataFailure({ code: '22003', message: 'value "2147483648" is out of range for type integer' })
 */
export function dataFailure(error: unknown): RecordFailure {
  const state = sqlState(error);
  return {
    kind: 'data',
    ...(state ? { code: state } : {}),
    message: error instanceof Error ? error.message : String((error as { message?: unknown }).message),
  };
}
