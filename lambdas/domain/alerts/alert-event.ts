import * as z from '#contract/zod';
import { ALARM_SEVERITIES as ALERT_SEVERITIES, type AlarmSeverity } from '../alarm-naming.ts';

/** Severities, most urgent first; the routing table maps each to receivers. */
export { ALERT_SEVERITIES };
export type AlertSeverity = AlarmSeverity;

/** Where an alert came from: AMP / Prometheus rules, or a CloudWatch alarm. */
export const ALERT_SOURCES = ['prometheus', 'cloudwatch'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

/** `source` of every alert event put on the custom bus. */
export const ALERT_EVENT_SOURCE = 'aiops.alerts';
/** `detail-type` of every alert event put on the custom bus. */
export const ALERT_DETAIL_TYPE = 'Alert';

/** PagerDuty's limit for `dedup_key`; the keys built here stay within it. */
export const MAX_DEDUP_KEY_LENGTH = 255;

const text = (max: number) => z.string().check(z.maxLength(max));

/**
 * One alert, whatever produced it: the `detail` of an `aiops.alerts` / `Alert` event on the
 * alerts bus, and what every receiver renders. Built only by the normalisers.
 */
export const alertEventSchema = z.strictObject({
  /** Version of this shape. */
  version: z.literal(1),
  source: z.enum(ALERT_SOURCES),
  /** Alert rule name (`alertname`) or alarm name. */
  name: text(256).check(z.minLength(1)),
  severity: z.enum(ALERT_SEVERITIES),
  state: z.enum(['firing', 'resolved']),
  /** One line, for titles and PagerDuty's summary. */
  summary: text(1024).check(z.minLength(1)),
  description: text(4000),
  /** Absolute runbook URL (`RUNBOOK_BASE_URL` + the rule's repo-relative path). @default absent */
  runbook: z.optional(z.url()),
  /** Identifying labels (Prometheus) or alarm facts (CloudWatch: region, account). */
  labels: z.record(z.string(), z.string()),
  links: z.strictObject({
    /** Grafana dashboard, `${GRAFANA_URL}/d/<uid>`. */
    dashboard: z.optional(z.url()),
    /** The trace named by a `trace_id` label or annotation. */
    trace: z.optional(z.url()),
    /** Where the alert was evaluated: Prometheus graph or CloudWatch console. */
    source: z.optional(z.url()),
  }),
  /**
   * Stable identity of this alert across firing and resolved: the same rule and labels (or
   * the same alarm) give the same key. At most 255 characters.
   */
  dedupKey: text(MAX_DEDUP_KEY_LENGTH).check(z.minLength(1)),
  /** ISO 8601. */
  startsAt: z.iso.datetime({ offset: true }),
  /** ISO 8601; set when resolved. @default absent */
  endsAt: z.optional(z.iso.datetime({ offset: true })),
});

/** One normalised alert. */
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** Where links point; every field optional, a link is left out when its base is unknown. */
export interface AlertLinkSettings {
  /** Base of repo-relative runbook paths, e.g. `https://github.com/acme/aiops/blob/main/`. */
  readonly runbookBaseUrl?: string;
  /** Grafana base URL, e.g. `https://g-abc.grafana-workspace.eu-west-1.amazonaws.com`. */
  readonly grafanaUrl?: string;
  /** Trace link with `{traceId}` in it, e.g. an X-Ray console URL. */
  readonly traceUrlTemplate?: string;
  /** Dashboard uid linked from CloudWatch alarms (they carry none). @default 'aiops-system-overview' */
  readonly alarmDashboardUid?: string;
}

/**
 * The alert event inside an EventBridge event from the alerts bus (what an SQS target
 * receives as its message body).
 * @throws Error when it is not an `aiops.alerts` / `Alert` event or its detail is not an alert event.
 */
export function alertFromBusEvent(body: unknown): AlertEvent {
  const envelope = body as { source?: unknown; 'detail-type'?: unknown; detail?: unknown } | null;
  if (envelope?.source !== ALERT_EVENT_SOURCE || envelope['detail-type'] !== ALERT_DETAIL_TYPE) {
    throw new Error(`not an ${ALERT_EVENT_SOURCE} ${ALERT_DETAIL_TYPE} event`);
  }
  const parsed = alertEventSchema.safeParse(envelope.detail);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not an alert event: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
