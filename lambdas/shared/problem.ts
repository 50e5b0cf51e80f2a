import { LIMITS } from '#contract/limits';
import type { FieldError, Problem } from '#contract/responses';
import { type ListedFieldErrors, listFieldErrors } from '#domain/field-errors';

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
