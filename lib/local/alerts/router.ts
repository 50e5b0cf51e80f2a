import type { AlertEvent } from '#domain/alerts/alert-event';
import type { AlertNotice } from '#domain/alerts/alert-group';
import { type AlertGroupStore, type AlertSender, deliverAlert } from '#domain/alerts/deliver-alert';
import { type AlertReceiver, type AlertRoutes, receiversFor } from '#domain/alerts/routing';

/** One notice and the receiver it went to. */
export interface RoutedNotice {
  readonly receiver: AlertReceiver;
  readonly notice: AlertNotice;
}

/** Options of {@link createAlertRouter}. */
export interface AlertRouterOptions {
  readonly routes: AlertRoutes;
  readonly groupBy: readonly string[];
  readonly store: AlertGroupStore;
  /** The sender of each receiver; a receiver without one gets `fallback`. */
  readonly senders: Partial<Record<AlertReceiver, AlertSender>>;
  /** @default a line on stderr */
  readonly fallback?: (receiver: AlertReceiver, notice: AlertNotice) => Promise<void>;
}

/** The local stand-in for the alerts bus, its rules by severity and the delivery functions. */
export type AlertRouter = (events: readonly AlertEvent[]) => Promise<RoutedNotice[]>;

const printNotice = async (receiver: AlertReceiver, notice: AlertNotice): Promise<void> => {
  const { event } = notice;
  process.stderr.write(
    `alert → ${receiver} (not configured): ${notice.action} ${event.severity} ${event.name}: ${event.summary} [${notice.groupKey}]\n`,
  );
};

/**
 * Routes alert events as the AWS app does: each to the receivers of its severity (the same
 * routing table the stack turns into EventBridge rules), delivered with the same
 * `deliverAlert` (grouping, at most one notice per change of a group) the delivery functions run.
 * Events go one after the other, as the delivery queues hand them over; the first failure throws.
 */
export function createAlertRouter(options: AlertRouterOptions): AlertRouter {
  const fallback = options.fallback ?? printNotice;
  return async (events) => {
    const out: RoutedNotice[] = [];
    for (const event of events) {
      for (const receiver of receiversFor(event.severity, options.routes)) {
        const send = options.senders[receiver] ?? ((notice: AlertNotice) => fallback(receiver, notice));
        const sent = await deliverAlert(event, {
          receiver,
          send,
          store: options.store,
          groupBy: options.groupBy,
        });
        out.push(...sent.map((notice) => ({ receiver, notice })));
      }
    }
    return out;
  };
}
