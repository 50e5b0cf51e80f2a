/**
 * The naming convention of every CloudWatch alarm of the app, which the alert fan-out parses
 * (it receives alarm state changes from the default event bus, with no SNS action on the alarm):
 *
 * - the name is `<prefix>-<what>-<severity>`, e.g. `aiops-fn-exporter-errors-warning`;
 * - the description starts with `[<severity>] `, e.g. `[warning] exporter: more than 0 errors in 5 minutes`.
 *
 * Severity is one of {@link ALARM_SEVERITIES}; both places carry the same one.
 */

/** Severities, most urgent first (the same words as the `severity` label of Prometheus rules). */
export const ALARM_SEVERITIES = ['critical', 'warning', 'info'] as const;
/** One severity. */
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

const NAME_SUFFIX = /-(critical|warning|info)$/;
const DESCRIPTION_PREFIX = /^\[(critical|warning|info)\] /;

/**
 * The alarm name for a severity.
 * @example alarmName('aiops', 'api-5xx', 'critical') // 'aiops-api-5xx-critical'
 */
export function alarmName(prefix: string, what: string, severity: AlarmSeverity): string {
  return `${prefix}-${what}-${severity}`;
}

/**
 * The description with its severity tag in front (an existing tag is replaced).
 * @example alarmDescription('warning', 'exporter fails') // '[warning] exporter fails'
 */
export function alarmDescription(severity: AlarmSeverity, text: string): string {
  return `[${severity}] ${text.replace(DESCRIPTION_PREFIX, '')}`;
}

/**
 * The severity an alarm carries: the name's suffix, else the description's tag; `undefined`
 * when neither follows the convention (an alarm from outside this app).
 * @example alarmSeverity({ name: 'aiops-api-5xx-critical' }) // 'critical'
 */
export function alarmSeverity(alarm: { name: string; description?: string }): AlarmSeverity | undefined {
  const match = NAME_SUFFIX.exec(alarm.name) ?? DESCRIPTION_PREFIX.exec(alarm.description ?? '');
  return match?.[1] as AlarmSeverity | undefined;
}
