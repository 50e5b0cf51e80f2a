import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type AlertPublisher, eventBridgePublisher } from '#adapters/alert-bus';
import type { AlertLinkSettings } from '#domain/alerts/alert-event';
import { createAlertNormaliserHandler } from '#handlers/alert-normaliser';
import { alertEnv } from '#runtime/alert-env';
import { createObservability, observabilitySettings } from '#runtime/observability';

/**
 * The Lambda entry point: the links of the environment (read on first use; they do not change
 * in a process) and the bus of `ALERT_BUS_NAME`, through one traced client.
 */
export const handler = await (async () => {
  const runtime = { observability: await createObservability(observabilitySettings(process.env)) };
  let links: AlertLinkSettings | undefined;
  let publish: AlertPublisher | undefined;
  return createAlertNormaliserHandler({
    runtime,
    links: () => {
      links ??= alertEnv(process.env).links;
      return links;
    },
    publish: () => {
      const bus = process.env.ALERT_BUS_NAME;
      if (!bus) throw new Error('ALERT_BUS_NAME is not set');
      publish ??= eventBridgePublisher(
        bus,
        runtime.observability.tracing.traceClient(new EventBridgeClient({})),
      );
      return publish;
    },
  });
})();
