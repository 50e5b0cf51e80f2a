/**
 * The naming convention of every CloudWatch alarm of the app, which the alert fan-out parses
 * (it receives alarm state changes from the default event bus, with no SNS action on the alarm):
 *
 * - the name is `<prefix>-<what>-<severity>`, e.g. `aiops-fn-exporter-errors-warning`;
 * - the description starts with `[<severity>] ` and ends with ` (deployment <prefix>)`, e.g.
 *   `[warning] exporter: more than 0 errors in 5 minutes (deployment aiops)`.
 *
 * Severity is one of {@link ALARM_SEVERITIES}; both places carry the same one. The deployment
 * marker is what the fan-out's rule matches (a suffix), so that the alarms of a deployment whose
 * prefix merely starts with this one (`aiops-staging` beside `aiops`) never page this one.
 */

/**
 * Severities, most urgent first: the same words as the `severity` label of Prometheus rules,
 * and the alert routing table maps each to receivers. Also exported as `ALERT_SEVERITIES`
 * (`alerts/alert-event.ts`, `lib/rules/alert-conventions.ts`).
 */
export const ALARM_SEVERITIES = ['critical', 'warning', 'info'] as const;
/** One severity. */
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

const NAME_SUFFIX = /-(critical|warning|info)$/;
const DESCRIPTION_PREFIX = /^\[(critical|warning|info)\] /;
const DEPLOYMENT_SUFFIX = / \(deployment ([a-z][a-z0-9-]*)\)$/;

/**
 * The end of every alarm description of a deployment.
 * @example deploymentMarker('aiops') // ' (deployment aiops)'
 */
export const deploymentMarker = (prefix: string): string => ` (deployment ${prefix})`;

/**
 * The alarm name for a severity.
 * @example alarmName('aiops', 'api-5xx', 'critical') // 'aiops-api-5xx-critical'
 */
export function alarmName(prefix: string, what: string, severity: AlarmSeverity): string {
  return `${prefix}-${what}-${severity}`;
}

/**
 * The description with its severity tag in front and the deployment marker at the end (an
 * existing tag or marker is replaced).
 * @example alarmDescription('aiops', 'warning', 'exporter fails') // '[warning] exporter fails (deployment aiops)'
 */
export function alarmDescription(prefix: string, severity: AlarmSeverity, text: string): string {
  return `[${severity}] ${alarmText(text)}${deploymentMarker(prefix)}`;
}

/**
 * A description without its severity tag and deployment marker: what the alarm says.
 * @example alarmText('[warning] exporter fails (deployment aiops)') // 'exporter fails'
 */
export function alarmText(description: string): string {
  return description.replace(DESCRIPTION_PREFIX, '').replace(DEPLOYMENT_SUFFIX, '').trim();
}

/**
 * The deployment (prefix) a description names, `undefined` when it names none.
 * @example alarmDeployment('[warning] exporter fails (deployment aiops)') // 'aiops'
 */
export function alarmDeployment(description: string | undefined): string | undefined {
  return DEPLOYMENT_SUFFIX.exec(description ?? '')?.[1];
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
