import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { accessLogBatch, type LogEvent } from '#domain/metrics/access-log-batch';
import type { FoldResult, MetricAggregates } from './metric-aggregates.ts';

/** What folding one delivery of access log events did. */
export interface AccessLogFoldResult extends FoldResult {
  /** Events whose line could not be read, with the reason. */
  readonly rejected: readonly { readonly id: string; readonly reason: string }[];
  /** Events without a latency to observe. */
  readonly ignored: number;
}

/** Attempts of a fold whose transaction was cancelled by a conflict or throttling. */
const ATTEMPTS = 4;

/**
 * Folds the API latency histogram increments of a delivery of access log events into the
 * metrics table, each event exactly once (one marker per log event id, see
 * `MetricAggregates`): a redelivered event is skipped, the rest are added. The batch goes in
 * as few transactions as markers plus distinct series allow. Several deliveries folded at
 * once touch the same series items, so a transaction cancelled by a conflict (or throttling)
 * is tried again after a short random pause; the markers make that safe.
 * @example await foldAccessLogEvents(decoded.logEvents, runtime.aggregates)
 */
export async function foldAccessLogEvents(
  events: readonly LogEvent[],
  aggregates: MetricAggregates,
): Promise<AccessLogFoldResult> {
  const { records, rejected, ignored } = accessLogBatch(events);
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await aggregates.fold(records)), rejected, ignored };
    } catch (e) {
      if (!(e instanceof TransactionCanceledException) || attempt >= ATTEMPTS) throw e;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
