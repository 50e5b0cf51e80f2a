/**
 * What every alert of the rule file carries (DESIGN.md §7): a severity that picks the
 * receiver, and annotations that point a responder at the runbook and the dashboard.
 */

import {
  ALARM_SEVERITIES as ALERT_SEVERITIES,
  type AlarmSeverity as AlertSeverity,
} from '#domain/alarm-naming';

/** Severities, most urgent first: critical pages PagerDuty, warning goes to Slack, info to e-mail. */
export { ALERT_SEVERITIES, type AlertSeverity };

/** Annotations every alert has. */
export const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook_url', 'dashboard'] as const;

/** The runbooks' folder, relative to the repository root. */
export const RUNBOOKS_DIR = 'runbooks';

/**
 * An alert name in kebab case: words split at case changes and digits kept with their word.
 * @example kebabCase('ApplianceServiceDown') // 'appliance-service-down'
 * @example kebabCase('HTTPErrors5xx') // 'http-errors5xx'
 */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/**
 * The repo-relative runbook of an alert, as its `runbook_url` annotation holds it (the alert
 * router prefixes it with `RUNBOOK_BASE_URL`).
 * @example runbookPath('ApplianceServiceDown') // 'runbooks/appliance-service-down.md'
 */
export const runbookPath = (alertName: string): string => `${RUNBOOKS_DIR}/${kebabCase(alertName)}.md`;

/** Whether a label value is one of `ALERT_SEVERITIES`. */
export const isAlertSeverity = (value: unknown): value is AlertSeverity =>
  typeof value === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(value);
