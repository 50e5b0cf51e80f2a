import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { foldAccessLogEvents } from '#adapters/access-log-fold';
import type { MetricAggregates } from '#adapters/metric-aggregates';
import type { RuntimeBasics } from '#runtime/basics';
import { lambdaHandler } from '#runtime/lambda-handler';
import { decodeLogsSubscription } from '#streams/logs-subscription';

/**
 * The API access log's CloudWatch Logs subscription: decodes the gzipped delivery and folds
 * one `aiops_api_response_time_seconds` observation per request into the metrics table,
 * exactly once per log event however often the delivery is retried. Off the request path:
 * API Gateway writes the log, CloudWatch Logs invokes this function asynchronously.
 */
export function createAccessLogMetricsHandler(
  runtime: RuntimeBasics & { readonly aggregates: MetricAggregates },
) {
  const { logger, metrics } = runtime.observability;
  return lambdaHandler(
    runtime.observability,
    async (event: unknown): Promise<{ applied: number; skipped: number }> => {
      const delivery = decodeLogsSubscription(event);
      // CloudWatch Logs checks a new subscription with a CONTROL_MESSAGE: nothing to count.
      if (delivery.messageType !== 'DATA_MESSAGE') return { applied: 0, skipped: 0 };
      const result = await foldAccessLogEvents(delivery.logEvents, runtime.aggregates);
      metrics.addMetric('AccessLogEventsFolded', MetricUnit.Count, result.applied);
      if (result.skipped) metrics.addMetric('AccessLogEventsSkipped', MetricUnit.Count, result.skipped);
      if (result.rejected.length) {
        metrics.addMetric('AccessLogEventsRejected', MetricUnit.Count, result.rejected.length);
        logger.warn('access log events could not be read', {
          logGroup: delivery.logGroup,
          rejected: result.rejected.slice(0, 10),
        });
      }
      return { applied: result.applied, skipped: result.skipped };
    },
  );
}
