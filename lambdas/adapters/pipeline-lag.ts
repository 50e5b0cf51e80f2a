import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type PipelineConsumer,
  type PipelineLag,
  pipelineLag,
  type StreamPosition,
} from '#domain/metrics/pipeline-lag';
import type { MetricGauges } from './metric-gauges.ts';

/**
 * Records a consumer's lag after a batch: the iterator age of the last record it processed,
 * set on the `aiops_pipeline_lag_seconds` gauge of the metrics table (only if newer than the
 * stored reading). Best effort: a failed write is logged and the batch still succeeds, since
 * retrying the batch would not make the reading any truer.
 * @returns the reading written, or `undefined` when there was none or it was not written.
 * @example await recordPipelineLag({ gauges, logger }, 'aggregator', event.Records, failed);
 */
export async function recordPipelineLag(
  { gauges, logger }: { readonly gauges: MetricGauges; readonly logger: Logger },
  consumer: PipelineConsumer,
  records: readonly StreamPosition[],
  failedSequenceNumbers: readonly string[],
  nowMs: number = Date.now(),
): Promise<PipelineLag | undefined> {
  const lag = pipelineLag(consumer, records, failedSequenceNumbers, nowMs);
  if (!lag) return undefined;
  try {
    return (await gauges.set(lag.key, lag.seconds, lag.atMs)) ? lag : undefined;
  } catch (e) {
    logger.warn('pipeline lag not recorded', { consumer, error: (e as Error).message });
    return undefined;
  }
}
