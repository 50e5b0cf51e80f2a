import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { applianceRegistry } from '#adapters/appliance-registry';
import { stores } from '#adapters/stores';
import { applyPresence, type PresenceResult } from '#domain/presence';
import { logger, metrics } from '#shared/powertools';
import { tracingMiddleware } from '#shared/tracing';

/**
 * The lifecycle rules' target (`$aws/events/presence/connected/+` and `disconnected/+`):
 * records the appliance's connection state. Events arrive out of order and more than once;
 * the store keeps the newest by broker time, so a late or repeated one changes nothing.
 */
export const handler = middy(async (event: unknown): Promise<PresenceResult> => {
  const result = await applyPresence(event, { store: stores().appliances, registry: applianceRegistry() });
  if (result.status === 'ignored') {
    logger.info('lifecycle event ignored', { applianceId: result.applianceId, reason: result.reason });
  } else {
    metrics.addMetric(result.status === 'applied' ? 'PresenceApplied' : 'PresenceStale', MetricUnit.Count, 1);
    if (result.status === 'applied' && !result.connected) {
      logger.info('appliance disconnected', { applianceId: result.applianceId });
    }
  }
  return result;
})
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
