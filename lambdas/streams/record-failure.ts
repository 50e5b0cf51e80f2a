/**
 * Why one stream record could not be processed, when the fault is the record's own: it fails
 * the same way on every delivery, so retrying it only holds back the records behind it. The
 * consumers set such a record aside (a dead letter with its body) and go on; every other
 * failure (a database down, throttling, a lost connection) fails the batch, which is retried.
 */

/**
 * `data`: the database refused the record's row (an invalid value or a violated constraint);
 * `derivation`: nothing could be derived from the record's images (a field missing or invalid).
 */
export type RecordFailureKind = 'data' | 'derivation';

/** A record's own failure, as a dead letter carries it. */
export interface RecordFailure {
  readonly kind: RecordFailureKind;
  /** The SQLSTATE of a data error. */
  readonly code?: string;
  readonly message: string;
}

/**
 * The failure of a record that could not be derived (mapping a record is pure: it fails alike every time).
 * @example derivationFailure(new Error('decision d1: confidence must be a number')) // { kind: 'derivation', message: 'decision d1: …' }
 */
export function derivationFailure(error: unknown): RecordFailure {
  return { kind: 'derivation', message: error instanceof Error ? error.message : String(error) };
}
