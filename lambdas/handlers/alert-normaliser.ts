import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SNSEvent } from 'aws-lambda';
import type { AlertPublisher } from '#adapters/alert-bus';
import type { AlertEvent, AlertLinkSettings } from '#domain/alerts/alert-event';
import { fromCloudWatchAlarm } from '#domain/alerts/normalise-cloudwatch';
import { fromAmpSnsMessage } from '#domain/alerts/normalise-sns';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { Observability } from '#runtime/observability';

/** What the normaliser works with. */
export interface AlertNormaliserHandlerDependencies {
  readonly runtime: { readonly observability: Observability };
  /** The links put into each alert (runbook, Grafana, trace). */
  readonly links: () => AlertLinkSettings;
  /** Puts alert events on the alerts bus. */
  readonly publish: () => AlertPublisher;
}

/**
 * The alert normaliser, invoked asynchronously by SNS (AMP alertmanager notifications) and by
 * the default bus's rule for this app's CloudWatch alarm state changes: turns each alert into
 * one alert event and puts them on the alerts bus (`ALERT_BUS_NAME`). A message it cannot read,
 * or a put that keeps failing, fails the invocation: Lambda retries it twice, then sends it to
 * the function's dead-letter queue.
 */
export function createAlertNormaliserHandler(deps: AlertNormaliserHandlerDependencies) {
  const { logger, metrics } = deps.runtime.observability;
  return lambdaHandler(
    deps.runtime.observability,
    async (event: SNSEvent | Record<string, unknown>): Promise<{ published: number }> => {
      const settings = deps.links();
      const alerts: AlertEvent[] = Array.isArray(event.Records)
        ? (event as SNSEvent).Records.flatMap((record) => fromAmpSnsMessage(record.Sns, settings))
        : [fromCloudWatchAlarm(event, settings)].filter((a): a is AlertEvent => a !== undefined);
      if (alerts.length > 0) await deps.publish()(alerts);
      metrics.addMetric('AlertEventsPublished', MetricUnit.Count, alerts.length);
      logger.info('alerts normalised', {
        alerts: alerts.map((a) => ({
          name: a.name,
          severity: a.severity,
          state: a.state,
          dedupKey: a.dedupKey,
        })),
      });
      return { published: alerts.length };
    },
  );
}
