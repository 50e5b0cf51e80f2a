import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { exportOnce } from '#adapters/metrics-export';
import { sigv4Signer } from '#adapters/prometheus/sigv4';
import { logger, metrics } from '#shared/powertools';
import { tracingMiddleware } from '#shared/tracing';

/**
 * The scheduled exporter (EventBridge Scheduler, every minute): one writer remote-writes the
 * current value of every series to `REMOTE_WRITE_URL` (Amazon Managed Prometheus, signed
 * with SigV4 for `aps` when `REMOTE_WRITE_SIGV4_REGION` is set). An invocation that finds
 * another one exporting (the scheduler delivers at least once) does nothing. A request that
 * fails for good fails the invocation, so the exporter-failure alarm sees it; a series that
 * cannot be sent does not (it is left out, logged and counted).
 */
export const handler = middy(async (): Promise<{ samples: number; requests: number; skipped?: string }> => {
  const url = process.env.REMOTE_WRITE_URL;
  if (!url) throw new Error('REMOTE_WRITE_URL is not set');
  const region = process.env.REMOTE_WRITE_SIGV4_REGION;
  const summary = await exportOnce({ url, ...(region ? { sign: sigv4Signer({ region }) } : {}) });
  if (summary.skipped) {
    logger.info('another export run holds the lease: nothing sent', { reason: summary.skipped });
    return { samples: 0, requests: 0, skipped: summary.skipped };
  }
  metrics.addMetric('ExportedSamples', MetricUnit.Count, summary.samples);
  if (summary.dropped.length > 0)
    metrics.addMetric('DroppedSeries', MetricUnit.Count, summary.dropped.length);
  metrics.addMetric('ExportRetries', MetricUnit.Count, summary.retries);
  if (summary.failures.length > 0) {
    metrics.addMetric('ExportFailures', MetricUnit.Count, summary.failures.length);
    logger.error('remote write failed', { failures: summary.failures });
    throw new Error(`remote write failed for ${summary.failures.length} of ${summary.requests} requests`);
  }
  logger.info('exported', { samples: summary.samples, requests: summary.requests });
  return { samples: summary.samples, requests: summary.requests };
})
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
