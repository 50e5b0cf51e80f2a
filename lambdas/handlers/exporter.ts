import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { exportOnce, type MetricsSource } from '#adapters/metrics-export';
import type { RequestSigner } from '#adapters/prometheus/remote-write-client';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { Runtime } from '#runtime/runtime';

/** What the exporter handler works with besides its runtime. */
export interface ExporterHandlerDependencies {
  readonly runtime: Runtime;
  /** The series and the dead-letter depths to send. */
  readonly source: MetricsSource;
  /** The remote-write endpoint (`REMOTE_WRITE_URL`); every invocation fails without it. */
  readonly url: string | undefined;
  /** Signs each request (SigV4 for `aps`). @default unsigned */
  readonly sign?: RequestSigner;
}

/**
 * The scheduled exporter (EventBridge Scheduler, every minute): one writer remote-writes the
 * current value of every series to Amazon Managed Prometheus. An invocation that finds
 * another one exporting (the scheduler delivers at least once) does nothing. A request that
 * fails for good fails the invocation, so the exporter-failure alarm sees it; a series that
 * cannot be sent does not (it is left out, logged and counted).
 */
export function createExporterHandler(deps: ExporterHandlerDependencies) {
  const { logger, metrics } = deps.runtime.observability;
  return lambdaHandler(
    deps.runtime.observability,
    async (): Promise<{ samples: number; requests: number; skipped?: string }> => {
      if (!deps.url) throw new Error('REMOTE_WRITE_URL is not set');
      const summary = await exportOnce(deps.source, {
        url: deps.url,
        ...(deps.sign ? { sign: deps.sign } : {}),
      });
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
    },
  );
}
