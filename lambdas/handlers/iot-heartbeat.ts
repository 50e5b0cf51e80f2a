import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { applianceRegistry } from '#adapters/appliance-registry';
import { aggregates, labelRegistry, stores } from '#adapters/stores';
import {
  ingestMqttHeartbeat,
  type MqttHeartbeatResult,
  mqttHeartbeatMessageSchema,
} from '#domain/mqtt-heartbeat';
import { recordOutcomes } from '#shared/metrics-outcomes';
import { logger, metrics } from '#shared/powertools';
import { tracingMiddleware } from '#shared/tracing';

/**
 * The heartbeat topic rule's target (`aiops/appliances/+/heartbeat`, invoked asynchronously
 * by IoT Core): the same ingest core as `POST /v1/heartbeats`. A message that can never be
 * stored (not JSON, another appliance's id, an unregistered thing) is logged and counted, not
 * retried; a failure of DynamoDB or the registry throws, so Lambda retries the event and then
 * sends it to the fleet's dead-letter queue.
 */
export const handler = middy(async (event: unknown): Promise<MqttHeartbeatResult> => {
  const message = mqttHeartbeatMessageSchema.parse(event);
  const result = await ingestMqttHeartbeat(message, {
    store: stores().appliances,
    registry: applianceRegistry(),
    now: new Date(),
    labels: { registry: labelRegistry(), counts: aggregates() },
  });
  if (result.status === 'refused') {
    metrics.addMetric('MqttHeartbeatsRefused', MetricUnit.Count, 1);
    logger.warn('heartbeat refused', { applianceId: result.applianceId, reason: result.reason });
    return result;
  }
  recordOutcomes('Heartbeats', result.answer);
  if (result.answer.kind === 'single' && result.answer.result.status === 'rejected') {
    logger.warn('heartbeat rejected', {
      applianceId: result.applianceId,
      reason: result.answer.result.message,
    });
  } else if (result.answer.kind === 'batch' && result.answer.summary.rejected > 0) {
    logger.warn('heartbeats rejected', {
      applianceId: result.applianceId,
      rejected: result.answer.summary.rejected,
    });
  }
  return result;
})
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
