/**
 * A decision as recorded so far: each event that has arrived, as it was stored (redacted,
 * times normalised), with when it arrived. Events arrive in any order, so any section may be
 * missing; values come back from storage, so readers check what they rely on.
 */
export interface RecordedDecision {
  readonly customerId: string;
  readonly decisionId: string;
  /** How many events have been merged into the record (a newer record has a higher version). */
  readonly version: number;
  /** The decision event (applianceId, occurredAt, query, intent, llm…), once it has arrived. */
  readonly decision?: RecordedEvent;
  /** The execution result (status, durationSeconds, taskCounts…), once it has arrived. */
  readonly execution?: RecordedEvent;
  /** The feedback events, each once, in no particular order. */
  readonly feedback: readonly RecordedFeedback[];
}

/** One recorded event: its fields, when it arrived and the redaction rules that matched it. */
export interface RecordedEvent {
  readonly fields: Readonly<Record<string, unknown>>;
  /** ISO 8601 UTC; absent only on records older than the attribute. */
  readonly receivedAt?: string;
  readonly redactions?: readonly string[];
}

/** One recorded feedback event, identified by its content. */
export interface RecordedFeedback extends RecordedEvent {
  /** The same for the same content, whatever the delivery. */
  readonly id: string;
  readonly receivedAt: string;
}

/**
 * One change of a recorded decision, as a change stream delivers it: the record before and
 * after (absent before the first event, and after a deletion by expiry).
 */
export interface DecisionChange {
  /** Unique per change and the same on every delivery of it. */
  readonly sequenceNumber: string;
  readonly before?: RecordedDecision;
  readonly after?: RecordedDecision;
}
