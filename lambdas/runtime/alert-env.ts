import type { AlertLinkSettings } from '#domain/alerts/alert-event';
import {
  ALERT_RECEIVERS,
  type AlertReceiver,
  type AlertRoutes,
  alertRoutesSchema,
  DEFAULT_ALERT_ROUTES,
  labelNameSchema,
} from '#domain/alerts/routing';

/**
 * Settings of the alert functions and the local router, from the environment (the alerting
 * stack sets them from `lib/config.ts`; the local stack from its own environment).
 */
export interface AlertEnv {
  /** Links: `RUNBOOK_BASE_URL`, `GRAFANA_URL`, `TRACE_URL_TEMPLATE`, `ALARM_DASHBOARD_UID`. */
  readonly links: AlertLinkSettings;
  /** `ALERT_GROUP_BY`, comma-separated label names. @default ['alertname'] */
  readonly groupBy: readonly string[];
  /** `ALERT_ROUTES`, JSON `{critical: [...], warning: [...], info: [...]}`. @default DEFAULT_ALERT_ROUTES */
  readonly routes: AlertRoutes;
}

const opt = (key: string, value: string | undefined) => (value ? { [key]: value } : {});

/**
 * Reads {@link AlertEnv}.
 * @throws Error naming the variable when `ALERT_ROUTES` or `ALERT_GROUP_BY` is malformed.
 */
export function alertEnv(source: NodeJS.ProcessEnv = process.env): AlertEnv {
  const groupBy = (source.ALERT_GROUP_BY ?? 'alertname')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (groupBy.some((l) => !labelNameSchema.safeParse(l).success))
    throw new Error(
      `invalid environment: ALERT_GROUP_BY: label names separated by commas (got ${source.ALERT_GROUP_BY})`,
    );
  let routes: AlertRoutes = DEFAULT_ALERT_ROUTES;
  if (source.ALERT_ROUTES) {
    const parsed = alertRoutesSchema.safeParse(safeJson(source.ALERT_ROUTES));
    if (!parsed.success)
      throw new Error(`invalid environment: ALERT_ROUTES: ${parsed.error.issues[0]?.message}`);
    routes = parsed.data;
  }
  return {
    links: {
      ...opt('runbookBaseUrl', source.RUNBOOK_BASE_URL),
      ...opt('grafanaUrl', source.GRAFANA_URL),
      ...opt('traceUrlTemplate', source.TRACE_URL_TEMPLATE),
      ...opt('alarmDashboardUid', source.ALARM_DASHBOARD_UID),
    },
    groupBy,
    routes,
  };
}

/** `ALERT_RECEIVER` of a delivery function. */
export function alertReceiver(source: NodeJS.ProcessEnv = process.env): AlertReceiver {
  const r = source.ALERT_RECEIVER as AlertReceiver;
  if (!ALERT_RECEIVERS.includes(r))
    throw new Error(`invalid environment: ALERT_RECEIVER: one of ${ALERT_RECEIVERS.join(', ')} (got ${r})`);
  return r;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
