import type * as z from '#contract/zod';
import {
  ALERT_SEVERITIES,
  type AlertEvent,
  type AlertLinkSettings,
  type AlertSeverity,
} from './alert-event.ts';
import { dedupKey, truncate } from './alert-keys.ts';
import { compactLinks, dashboardUrl, runbookUrl, traceUrl } from './alert-links.ts';
import { alertTime } from './alert-times.ts';
import { type AlertmanagerAlert, alertmanagerWebhookSchema } from './alertmanager-payload.ts';

/**
 * The severity of a `severity` label: `critical`, `warning` or `info` as they are (any case);
 * `page` and `error` are read as `critical` and `warning`; a missing or unknown value is
 * `warning`, so a mislabelled rule still reaches people without paging them.
 */
export function severityOf(label: string | undefined): AlertSeverity {
  const s = label?.trim().toLowerCase();
  if ((ALERT_SEVERITIES as readonly string[]).includes(s ?? '')) return s as AlertSeverity;
  if (s === 'page') return 'critical';
  return 'warning';
}

const httpUrl = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

/** One Alertmanager alert as an alert event. */
export function alertFromAlertmanager(alert: AlertmanagerAlert, settings: AlertLinkSettings): AlertEvent {
  const { labels, annotations } = alert;
  const name = labels.alertname?.trim() || 'UnnamedAlert';
  const startsAt = alertTime(alert.startsAt) ?? new Date(0).toISOString();
  const endsAt = alert.status === 'resolved' ? alertTime(alert.endsAt) : undefined;
  const runbook = runbookUrl(annotations.runbook_url ?? annotations.runbook, settings);
  return {
    version: 1,
    source: 'prometheus',
    name: truncate(name, 256),
    severity: severityOf(labels.severity),
    state: alert.status,
    summary: truncate(annotations.summary?.trim() || name, 1024),
    description: truncate(annotations.description ?? annotations.message ?? '', 4000),
    ...(runbook ? { runbook } : {}),
    labels: { ...labels },
    links: compactLinks({
      dashboard: dashboardUrl(annotations.dashboard ?? annotations.dashboard_uid, settings),
      trace: traceUrl([labels, annotations], settings),
      source: httpUrl(alert.generatorURL),
    }),
    dedupKey: dedupKey('prometheus', name, labels),
    startsAt,
    ...(endsAt ? { endsAt } : {}),
  };
}

/**
 * Every alert of an Alertmanager webhook payload (v4) as an alert event, one per alert.
 * @throws Error naming the first bad field when the payload is not an Alertmanager notification.
 * @example fromAlertmanager(JSON.parse(body), { grafanaUrl }).map((e) => e.dedupKey)
 */
export function fromAlertmanager(payload: unknown, settings: AlertLinkSettings): AlertEvent[] {
  const parsed = alertmanagerWebhookSchema.safeParse(payload);
  if (!parsed.success) throw new Error(`not an Alertmanager notification: ${describe(parsed.error)}`);
  return parsed.data.alerts.map((alert) => alertFromAlertmanager(alert, settings));
}

/** `alerts.0.status: Invalid option...` for the first few issues. */
export function describe(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
