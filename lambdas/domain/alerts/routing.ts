import * as z from '#contract/zod';
import { ALERT_SEVERITIES, type AlertSeverity } from './alert-event.ts';

/** Where alerts can go. */
export const ALERT_RECEIVERS = ['pagerduty', 'slack', 'email'] as const;
export type AlertReceiver = (typeof ALERT_RECEIVERS)[number];

const receivers = z.array(z.enum(ALERT_RECEIVERS)).check(z.maxLength(ALERT_RECEIVERS.length));

/**
 * The routing table: receivers by severity. The AWS app turns it into one EventBridge rule
 * per receiver; the local router reads the same table.
 */
export const alertRoutesSchema = z.strictObject({
  /** @default ['pagerduty'] */
  critical: z._default(receivers, ['pagerduty']),
  /** @default ['slack'] */
  warning: z._default(receivers, ['slack']),
  /** @default ['email'] */
  info: z._default(receivers, ['email']),
});
export type AlertRoutes = Readonly<Record<AlertSeverity, readonly AlertReceiver[]>>;

/** DESIGN §7: critical pages PagerDuty, warning goes to Slack, info to e-mail. */
export const DEFAULT_ALERT_ROUTES: AlertRoutes = {
  critical: ['pagerduty'],
  warning: ['slack'],
  info: ['email'],
};

/** A Prometheus label name, as `groupBy` takes them. */
export const labelNameSchema = z
  .string()
  .check(z.regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name'));

/** The receivers of one severity, each once. */
export function receiversFor(severity: AlertSeverity, routes: AlertRoutes): AlertReceiver[] {
  return [...new Set(routes[severity])];
}

/**
 * The severities routed to each receiver that gets any, for the EventBridge rules.
 * @example routedSeverities(DEFAULT_ALERT_ROUTES) // { pagerduty: ['critical'], slack: ['warning'], email: ['info'] }
 */
export function routedSeverities(routes: AlertRoutes): Partial<Record<AlertReceiver, AlertSeverity[]>> {
  const out: Partial<Record<AlertReceiver, AlertSeverity[]>> = {};
  for (const severity of ALERT_SEVERITIES) {
    for (const receiver of receiversFor(severity, routes))
      out[receiver] = [...(out[receiver] ?? []), severity];
  }
  return out;
}
