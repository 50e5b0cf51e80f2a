import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { applyPresence, type PresenceResult } from '#domain/presence';
import type { IotHandlerDependencies } from '#handlers/iot-heartbeat';
import { lambdaHandler } from '#runtime/lambda-handler';

/**
 * The lifecycle rules' target (`$aws/events/presence/connected/+` and `disconnected/+`):
 * records the appliance's connection state. Events arrive out of order and more than once;
 * the store keeps the newest by broker time, so a late or repeated one changes nothing.
 */
export function createIotPresenceHandler({ runtime, registry }: IotHandlerDependencies) {
  const { logger, metrics } = runtime.observability;
  return lambdaHandler(runtime.observability, async (event: unknown): Promise<PresenceResult> => {
    const result = await applyPresence(event, { store: runtime.stores.appliances, registry });
    if (result.status === 'ignored') {
      logger.info('lifecycle event ignored', { applianceId: result.applianceId, reason: result.reason });
    } else {
      metrics.addMetric(
        result.status === 'applied' ? 'PresenceApplied' : 'PresenceStale',
        MetricUnit.Count,
        1,
      );
      if (result.status === 'applied' && !result.connected) {
        logger.info('appliance disconnected', { applianceId: result.applianceId });
      }
    }
    return result;
  });
}
