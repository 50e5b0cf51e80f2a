import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { type AlertPublisher, eventBridgePublisher } from '#adapters/alert-bus';
import type { AlertEvent, AlertLinkSettings } from '#domain/alerts/alert-event';
import { fromCloudWatchAlarm } from '#domain/alerts/normalise-cloudwatch';
import { fromAmpSnsMessage } from '#domain/alerts/normalise-sns';
import { alertEnv } from '#shared/alert-env';
import { logger, metrics } from '#shared/powertools';
import { tracingMiddleware } from '#shared/tracing';

let publish: AlertPublisher | undefined;
/** The link settings of the environment, read on first use (they do not change in a process). */
let links: AlertLinkSettings | undefined;

/**
 * The alert normaliser, invoked asynchronously by SNS (AMP alertmanager notifications) and by
 * the default bus's rule for this app's CloudWatch alarm state changes: turns each alert into
 * one alert event and puts them on the alerts bus (`ALERT_BUS_NAME`). A message it cannot read,
 * or a put that keeps failing, fails the invocation: Lambda retries it twice, then sends it to
 * the function's dead-letter queue.
 */
export const handler = middy(
  async (event: SNSEvent | Record<string, unknown>): Promise<{ published: number }> => {
    links ??= alertEnv().links;
    const settings = links;
    const alerts: AlertEvent[] = Array.isArray(event.Records)
      ? (event as SNSEvent).Records.flatMap((record) => fromAmpSnsMessage(record.Sns, settings))
      : [fromCloudWatchAlarm(event, settings)].filter((a): a is AlertEvent => a !== undefined);
    if (alerts.length > 0) {
      const bus = process.env.ALERT_BUS_NAME;
      if (!bus) throw new Error('ALERT_BUS_NAME is not set');
      publish ??= eventBridgePublisher(bus);
      await publish(alerts);
    }
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
)
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
