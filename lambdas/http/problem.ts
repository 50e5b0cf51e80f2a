import { LIMITS } from '#contract/limits';
import type { FieldError, Problem } from '#contract/responses';
import { type ListedFieldErrors, listFieldErrors } from '#domain/field-errors';
import { type Rejection, RejectionError, type RejectionKind } from '#domain/rejection';

/** Titles of the problems this API answers, by code. */
const TITLES: Record<string, string> = {
  malformed_json: 'Malformed JSON',
  empty_body: 'Empty body',
  invalid_encoding: 'Body is not valid UTF-8',
  validation_failed: 'Validation failed',
  invalid_query: 'Invalid query parameters',
  invalid_cursor: 'Invalid cursor',
  duplicate_id_in_batch: 'Duplicate id in batch',
  unauthorized: 'Unauthorized',
  insufficient_scope: 'Insufficient scope',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  too_many_feedback: 'Too many feedback events',
  record_too_large: 'Record too large',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  all_rejected: 'Every item was rejected',
  internal_error: 'Internal error',
  service_unavailable: 'Service unavailable',
};

/**
 * An error that becomes an RFC 9457 `application/problem+json` response. Its field errors are
 * listed up to `LIMITS.maxErrorsPerResponse` (or as already listed, e.g. one item's), with
 * `errorCount` holding the total.
 * @example throw new HttpProblem(415, 'unsupported_media_type', 'send Content-Type: application/json');
 */
export class HttpProblem extends Error {
  /** The field errors the problem lists. */
  readonly errors: FieldError[];
  /** Every field error found, listed or not. */
  readonly errorCount: number;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    errors: readonly FieldError[] | ListedFieldErrors = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    const listed = 'errorCount' in errors ? errors : listFieldErrors(errors, LIMITS.maxErrorsPerResponse);
    this.errors = listed.errors.slice(0, LIMITS.maxErrorsPerResponse);
    this.errorCount = Math.max(listed.errorCount, this.errors.length);
  }

  /** The problem document for this error. */
  toProblem(instance?: string, requestId?: string): Problem {
    return {
      type: `urn:aiops-observability:problem:${this.code}`,
      title: TITLES[this.code] ?? this.code,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(requestId ? { requestId } : {}),
      ...(this.errorCount > 0 ? { errors: this.errors, errorCount: this.errorCount } : {}),
    };
  }
}

/** The HTTP status of each kind of rejection: the one place the domain's refusals meet HTTP. */
export const REJECTION_STATUS: Readonly<Record<RejectionKind, number>> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  internal: 500,
  unavailable: 503,
};

/** Headers a kind of rejection always answers with (what a client needs to fix the request). */
const REJECTION_HEADERS: Partial<Record<RejectionKind, Record<string, string>>> = {
  unsupported_media_type: { 'accept-post': 'application/json' },
};

/**
 * The problem a rejection answers with: status by kind, code, message as detail, field errors.
 * @example problemOf({ kind: 'conflict', code: 'conflict', message: 'different content…' }).status // 409
 */
export function problemOf(r: Rejection, headers: Record<string, string> = {}): HttpProblem {
  return new HttpProblem(REJECTION_STATUS[r.kind], r.code, r.message, r.errors ?? [], {
    ...REJECTION_HEADERS[r.kind],
    ...headers,
  });
}

/**
 * The problem an error answers with when it is a refusal (a rejection or a problem already),
 * else `undefined` (an unexpected error, answered 500).
 * @example const p = asHttpProblem(e); if (p) return problem(p, path, requestId);
 */
export function asHttpProblem(e: unknown): HttpProblem | undefined {
  if (e instanceof HttpProblem) return e;
  if (e instanceof RejectionError) return problemOf(e.rejection);
  return undefined;
}
