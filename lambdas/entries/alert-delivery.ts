import { alertGroupsTableName, DynamoAlertGroupStore } from '#adapters/alert-group-store';
import { configuredSender } from '#adapters/notify/senders';
import type { DeliverAlertDeps } from '#domain/alerts/deliver-alert';
import { createAlertDeliveryHandler } from '#handlers/alert-delivery';
import { alertEnv, alertReceiver } from '#runtime/alert-env';
import { basicsFromEnvironment, type RuntimeBasics } from '#runtime/basics';

/** The Lambda entry point: the receiver of the environment. */
export const handler = await (async () => {
  const runtime = await basicsFromEnvironment();
  let delivery: DeliverAlertDeps | undefined;
  return createAlertDeliveryHandler({
    runtime,
    delivery: () => {
      delivery ??= deliveryFromEnv(runtime, process.env);
      return delivery;
    },
  });
})();

/**
 * The delivery of `ALERT_RECEIVER` with its configured sender, built on the first message (a
 * receiver without its settings fails its messages, which go to the dead-letter queue).
 * @throws Error when the receiver is not configured
 */
function deliveryFromEnv(runtime: RuntimeBasics, env: NodeJS.ProcessEnv): DeliverAlertDeps {
  const receiver = alertReceiver(env);
  const send = configuredSender(receiver, env);
  if (!send) throw new Error(`the ${receiver} receiver is not configured`);
  const store = new DynamoAlertGroupStore(
    runtime.documents,
    alertGroupsTableName(runtime.settings.TABLE_PREFIX),
  );
  return { receiver, send, store, groupBy: alertEnv(env).groupBy };
}
