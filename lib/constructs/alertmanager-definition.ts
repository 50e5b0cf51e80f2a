import { stringify } from 'yaml';
import { ALARM_SEVERITIES, type AlarmSeverity } from '#domain/alarm-naming';

/** The name of the template file in the definition's `template_files`. */
export const SNS_TEMPLATE_FILE = 'aiops_sns.tmpl';

/**
 * Go templates of the SNS notification. The message is the notification as JSON with the fields
 * of Alertmanager's webhook payload (version 4, without `groupKey`, which templates cannot see),
 * so the alert fan-out parses AMP's SNS messages and a local Alertmanager's webhooks alike.
 * Every string goes through `printf "%q"` (quotes, backslashes and line breaks escaped); times
 * are RFC 3339 in UTC, Go's zero time (`0001-01-01T00:00:00.000Z`) meaning "not set".
 * The subject (SNS: at most 100 ASCII characters) is `[<severity>] <alertname> (<status>)`.
 */
export const SNS_TEMPLATES = [
  '{{ define "aiops.kv" }}{{ "{" }}{{ range $i, $p := .SortedPairs }}{{ if $i }},{{ end }}{{ printf "%q" $p.Name }}:{{ printf "%q" $p.Value }}{{ end }}{{ "}" }}{{ end }}',
  '{{ define "aiops.time" }}{{ .UTC.Format "2006-01-02T15:04:05.000Z07:00" }}{{ end }}',
  '{{ define "aiops.sns.subject" }}[{{ .CommonLabels.severity }}] {{ .CommonLabels.alertname }} ({{ .Status }}){{ end }}',
  '{{ define "aiops.sns.message" }}{"version":"4","status":{{ printf "%q" .Status }},"receiver":{{ printf "%q" .Receiver }},' +
    '"groupLabels":{{ template "aiops.kv" .GroupLabels }},"commonLabels":{{ template "aiops.kv" .CommonLabels }},' +
    '"commonAnnotations":{{ template "aiops.kv" .CommonAnnotations }},"externalURL":{{ printf "%q" .ExternalURL }},' +
    '"alerts":[{{ range $i, $a := .Alerts }}{{ if $i }},{{ end }}{"status":{{ printf "%q" $a.Status }},' +
    '"labels":{{ template "aiops.kv" $a.Labels }},"annotations":{{ template "aiops.kv" $a.Annotations }},' +
    '"startsAt":"{{ template "aiops.time" $a.StartsAt }}","endsAt":"{{ template "aiops.time" $a.EndsAt }}",' +
    '"generatorURL":{{ printf "%q" $a.GeneratorURL }},"fingerprint":{{ printf "%q" $a.Fingerprint }}}{{ end }}]}{{ end }}',
].join('\n');

/** Notification timing of one severity (Alertmanager durations). */
export interface SeverityTiming {
  readonly group_wait: string;
  readonly group_interval: string;
  readonly repeat_interval: string;
}

/**
 * How soon and how often each severity notifies: critical fast and repeated hourly until
 * resolved, warning every 4 hours, info once a day (AMP caps `repeat_interval` at 5 days).
 */
export const SEVERITY_TIMING: Readonly<Record<AlarmSeverity, SeverityTiming>> = {
  critical: { group_wait: '10s', group_interval: '5m', repeat_interval: '1h' },
  warning: { group_wait: '30s', group_interval: '5m', repeat_interval: '4h' },
  info: { group_wait: '1m', group_interval: '15m', repeat_interval: '24h' },
};

/** Inputs of {@link alertmanagerConfig}. */
export interface AlertmanagerConfigProps {
  /** The SNS topic of each severity (ARNs or CDK tokens). */
  readonly topicArns: Readonly<Record<AlarmSeverity, string>>;
  /** The topics' region (SigV4 of AMP's SNS receiver needs it). */
  readonly region: string;
}

/** The receiver name of a severity. */
export const receiverName = (severity: AlarmSeverity): string => `aiops-${severity}`;

/**
 * The `alertmanager_config` part: one SNS receiver per severity, routed by the `severity`
 * label (an alert without one goes to `warning`, so a rule missing it is still seen), grouped
 * by alert name, severity and tenant (`customer_id`: one tenant's alerts never share a
 * notification, nor its resolution, with another's), resolved notifications sent; the fast
 * error-budget burn (critical) inhibits the slow one (warning), and any critical alert a
 * warning of the same name and tenant.
 */
export function alertmanagerConfig(props: AlertmanagerConfigProps): Record<string, unknown> {
  return {
    templates: [SNS_TEMPLATE_FILE],
    route: {
      receiver: receiverName('warning'),
      group_by: ['alertname', 'severity', 'customer_id'],
      ...SEVERITY_TIMING.warning,
      routes: ALARM_SEVERITIES.map((severity) => ({
        receiver: receiverName(severity),
        matchers: [`severity="${severity}"`],
        ...SEVERITY_TIMING[severity],
      })),
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'customer_id'],
      },
      {
        // The multi-window burn-rate pair: while the page is out, the Slack warning is noise.
        source_matchers: ['alertname="DecisionErrorBudgetBurnFast"'],
        target_matchers: ['alertname="DecisionErrorBudgetBurnSlow"'],
      },
    ],
    receivers: ALARM_SEVERITIES.map((severity) => ({
      name: receiverName(severity),
      sns_configs: [
        {
          topic_arn: props.topicArns[severity],
          sigv4: { region: props.region },
          send_resolved: true,
          subject: '{{ template "aiops.sns.subject" . }}',
          message: '{{ template "aiops.sns.message" . }}',
          attributes: { severity },
        },
      ],
    })),
  };
}

/**
 * The workspace's alert manager definition in AMP's format: `template_files` and the
 * `alertmanager_config` text (see {@link alertmanagerConfig}).
 * @example new aps.CfnWorkspace(this, 'Ws', { alertManagerDefinition: alertManagerDefinition({ topicArns, region }) })
 */
export function alertManagerDefinition(props: AlertmanagerConfigProps): string {
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0, blockQuote: 'literal' });
  return yaml({
    template_files: { [SNS_TEMPLATE_FILE]: `${SNS_TEMPLATES}\n` },
    alertmanager_config: yaml(alertmanagerConfig(props)),
  });
}
