/**
 * A batch of access log events (what a CloudWatch Logs subscription delivers) turned into
 * per-event series increments, each keyed by its log event id so that folding them with one
 * marker per event counts every request once, however often the batch is delivered.
 */
import { parseAccessLogRecord } from './access-log-format.ts';
import { apiLatencyIncrements } from './api-latency.ts';

/** One log event of a subscription delivery. */
export interface LogEvent {
  /** CloudWatch Logs' id of the event: unique, and the same on every delivery of it. */
  readonly id: string;
  /** When it was logged, in ms since the epoch. */
  readonly timestamp: number;
  /** The access log line. */
  readonly message: string;
}

/** The increments of one log event, under the id its fold marker is keyed by. */
export interface LogEventIncrements {
  /** {@link accessLogRecordId} of the event. */
  readonly sequenceNumber: string;
  readonly increments: ReadonlyMap<string, number>;
}

/** What a batch holds. */
export interface AccessLogBatch {
  /** Events with an observation, in delivery order. */
  readonly records: LogEventIncrements[];
  /** Events whose line could not be read, with the reason (never retried: a retry reads the same line). */
  readonly rejected: { readonly id: string; readonly reason: string }[];
  /** Events read but without a latency to observe. */
  readonly ignored: number;
}

/**
 * The fold marker id of a log event: its id, namespaced so that it can never meet a stream
 * record's sequence number in the metrics table.
 * @example accessLogRecordId('3195310660696698337880902507980421114328961542429822156') // 'access-log:3195…'
 */
export const accessLogRecordId = (eventId: string): string => `access-log:${eventId}`;

/**
 * Reads every event of a delivery; the increments of repeated event ids within one delivery
 * are kept once.
 * @example accessLogBatch(decoded.logEvents).records.length
 */
export function accessLogBatch(events: readonly LogEvent[]): AccessLogBatch {
  const records: LogEventIncrements[] = [];
  const rejected: { id: string; reason: string }[] = [];
  const seen = new Set<string>();
  let ignored = 0;
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    let increments: Map<string, number>;
    try {
      increments = apiLatencyIncrements(parseAccessLogRecord(event.message));
    } catch (e) {
      rejected.push({ id: event.id, reason: (e as Error).message });
      continue;
    }
    if (increments.size === 0) ignored++;
    else records.push({ sequenceNumber: accessLogRecordId(event.id), increments });
  }
  return { records, rejected, ignored };
}
