/**
 * `aiops_pipeline_lag_seconds`: how far behind its stream a consumer is, measured on the last
 * record it processed as the processing time minus the record's approximate creation time
 * (the record's iterator age when it was done).
 */
import { METRICS } from './catalog.ts';
import { seriesKey } from './series-key.ts';

/** The stream consumers whose lag is measured. */
export type PipelineConsumer = (typeof METRICS.pipelineLagSeconds.labelValues.consumer)[number];

/** What the lag needs of a stream record (the shape of Lambda's `DynamoDBRecord`). */
export interface StreamPosition {
  readonly dynamodb?: {
    readonly SequenceNumber?: string;
    /** Epoch seconds, as Lambda writes it. */
    readonly ApproximateCreationDateTime?: number;
  };
}

/** One lag reading, ready for the gauge. */
export interface PipelineLag {
  /** Series key of the gauge, e.g. `aiops_pipeline_lag_seconds{consumer="aggregator"}`. */
  readonly key: string;
  /** Seconds, never negative. */
  readonly seconds: number;
  /** The processing time it was measured at (ms since the epoch); newer readings win. */
  readonly atMs: number;
}

/**
 * The last record of a batch that was processed: the one before the first failed record
 * (Lambda retries from there), or the last record when none failed.
 * @example lastProcessed(event.Records, ['00000000000000000003']) // the record before sequence number 3
 */
export function lastProcessed<R extends StreamPosition>(
  records: readonly R[],
  failedSequenceNumbers: readonly string[] = [],
): R | undefined {
  const failed = new Set(failedSequenceNumbers);
  let last: R | undefined;
  for (const record of records) {
    if (failed.has(record.dynamodb?.SequenceNumber ?? '')) break;
    last = record;
  }
  return last;
}

/**
 * The lag of a consumer after a batch, from the last record it processed.
 * @returns `undefined` when no record was processed or the last one carries no creation time.
 * @example pipelineLag('aggregator', event.Records, [], Date.now())
 * // { key: 'aiops_pipeline_lag_seconds{consumer="aggregator"}', seconds: 1.2, atMs: … }
 */
export function pipelineLag(
  consumer: PipelineConsumer,
  records: readonly StreamPosition[],
  failedSequenceNumbers: readonly string[],
  nowMs: number,
): PipelineLag | undefined {
  const created = lastProcessed(records, failedSequenceNumbers)?.dynamodb?.ApproximateCreationDateTime;
  if (typeof created !== 'number' || !Number.isFinite(created)) return undefined;
  return {
    key: seriesKey(METRICS.pipelineLagSeconds, { consumer }),
    seconds: Math.max(0, nowMs / 1000 - created),
    atMs: nowMs,
  };
}
