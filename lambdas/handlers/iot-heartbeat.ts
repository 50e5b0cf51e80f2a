import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  ingestMqttHeartbeat,
  type MqttHeartbeatResult,
  mqttHeartbeatMessageSchema,
} from '#domain/mqtt-heartbeat';
import type { ApplianceRegistry } from '#domain/ports';
import { recordOutcomes } from '#observability/metrics-outcomes';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { Runtime } from '#runtime/runtime';

/** What the IoT rules' handlers work with. */
export interface IotHandlerDependencies {
  readonly runtime: Runtime;
  /** Who each appliance belongs to (the IoT thing registry in AWS). */
  readonly registry: ApplianceRegistry;
}

/**
 * The heartbeat topic rule's target (`aiops/appliances/+/heartbeat`, invoked asynchronously
 * by IoT Core): the same ingest core as `POST /v1/heartbeats`. A message that can never be
 * stored (not JSON, another appliance's id, an unregistered thing) is logged and counted, not
 * retried; a failure of DynamoDB or the registry throws, so Lambda retries the event and then
 * sends it to the fleet's dead-letter queue.
 */
export function createIotHeartbeatHandler({ runtime, registry }: IotHandlerDependencies) {
  const { logger, metrics } = runtime.observability;
  return lambdaHandler(runtime.observability, async (event: unknown): Promise<MqttHeartbeatResult> => {
    const message = mqttHeartbeatMessageSchema.parse(event);
    const result = await ingestMqttHeartbeat(message, {
      store: runtime.stores.appliances,
      registry,
      now: runtime.now(),
      labels: { registry: runtime.labelRegistry, counts: runtime.aggregates },
    });
    if (result.status === 'refused') {
      metrics.addMetric('MqttHeartbeatsRefused', MetricUnit.Count, 1);
      logger.warn('heartbeat refused', { applianceId: result.applianceId, reason: result.reason });
      return result;
    }
    recordOutcomes(metrics, 'Heartbeats', result.answer);
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
  });
}
