import type { FieldError } from '#contract/responses';
import type { ListedFieldErrors } from './field-errors.ts';

/**
 * Why something was refused, in the domain's words. The HTTP layer turns each kind into a
 * status code (one table, `shared/problem.ts`); other carriers (MQTT) read the code and message.
 */
export type RejectionKind =
  /** The request cannot be read at all (not JSON, not UTF-8, empty, a cursor never issued). */
  | 'malformed'
  /** Readable, but the content breaks the contract (field errors say where). */
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  /** Different content is already stored under the id, or the record holds all it may. */
  | 'conflict'
  /** The body, or the record it would make, passes a size limit. */
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

/** A refusal: its kind, a machine code (`validation_failed`, `conflict`…), a message and the fields at fault. */
export interface Rejection {
  readonly kind: RejectionKind;
  readonly code: string;
  readonly message: string;
  /** The fields at fault (JSON Pointers), as found or already listed within a budget. @default none */
  readonly errors?: readonly FieldError[] | ListedFieldErrors;
}

/**
 * A rejection thrown where returning it would thread it through every caller (a batch refused
 * whole, a body that cannot be read).
 * @example throw new RejectionError({ kind: 'invalid', code: 'validation_failed', message: 'expected a JSON object' });
 */
export class RejectionError extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
    this.name = 'RejectionError';
  }

  /** The rejection's machine code. */
  get code(): string {
    return this.rejection.code;
  }
}

/**
 * A rejection to throw.
 * @example throw rejection('invalid', 'validation_failed', 'the batch is not well formed', errors);
 */
export const rejection = (
  kind: RejectionKind,
  code: string,
  message: string,
  errors?: Rejection['errors'],
): RejectionError => new RejectionError({ kind, code, message, ...(errors ? { errors } : {}) });
