import * as z from '#contract/zod';
import { alarmDeployment, alarmSeverity, alarmText } from '../alarm-naming.ts';
import type { AlertEvent, AlertLinkSettings } from './alert-event.ts';
import { dedupKey, truncate } from './alert-keys.ts';
import { compactLinks, dashboardUrl } from './alert-links.ts';
import { alertTime } from './alert-times.ts';
import { describe } from './normalise-alertmanager.ts';

const alarmState = z.looseObject({
  value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  reason: z._default(z.string(), ''),
  timestamp: z.string(),
});

/**
 * An EventBridge "CloudWatch Alarm State Change" event (source `aws.cloudwatch`), metric and
 * composite alarms alike: the fields the normaliser reads, others allowed.
 */
export const cloudWatchAlarmEventSchema = z.looseObject({
  source: z.literal('aws.cloudwatch'),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  account: z.string(),
  region: z.string(),
  time: z.string(),
  resources: z._default(z.array(z.string()), []),
  detail: z.looseObject({
    alarmName: z.string().check(z.minLength(1)),
    state: alarmState,
    previousState: z.optional(alarmState),
    configuration: z._default(z.looseObject({ description: z.optional(z.string()) }), {}),
  }),
});
export type CloudWatchAlarmEvent = z.infer<typeof cloudWatchAlarmEventSchema>;

/** The CloudWatch console page of an alarm. */
export const alarmConsoleUrl = (region: string, name: string): string =>
  `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`;

/**
 * An alarm state change as an alert event: ALARM is firing, OK is resolved, and
 * INSUFFICIENT_DATA gives `undefined` (not an alert either way). Severity follows the app's
 * alarm naming convention (`#domain/alarm-naming`), `warning` when the alarm does not carry one;
 * the summary is the description without its severity tag and deployment marker (the deployment
 * becomes a label), the description the state reason;
 * the dashboard link goes to `alarmDashboardUid`.
 * @throws Error naming the bad field when the event is not an alarm state change.
 */
export function fromCloudWatchAlarm(
  input: unknown,
  settings: AlertLinkSettings = {},
): AlertEvent | undefined {
  const parsed = cloudWatchAlarmEventSchema.safeParse(input);
  if (!parsed.success) throw new Error(`not a CloudWatch alarm state change: ${describe(parsed.error)}`);
  const { detail, region, account, resources } = parsed.data;
  if (detail.state.value === 'INSUFFICIENT_DATA') return undefined;
  const name = detail.alarmName;
  const described = detail.configuration.description;
  const text = described === undefined ? undefined : alarmText(described);
  const deployment = alarmDeployment(described);
  const firing = detail.state.value === 'ALARM';
  const changedAt =
    alertTime(detail.state.timestamp) ?? alertTime(parsed.data.time) ?? new Date().toISOString();
  const since =
    detail.previousState?.value === 'ALARM' ? alertTime(detail.previousState.timestamp) : undefined;
  const arn = resources[0] ?? `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;
  return {
    version: 1,
    source: 'cloudwatch',
    name: truncate(name, 256),
    severity: alarmSeverity({ name, description: described }) ?? 'warning',
    state: firing ? 'firing' : 'resolved',
    summary: truncate(text?.split('\n')[0] || name, 1024),
    description: truncate(detail.state.reason, 4000),
    labels: { alarm_name: name, region, account, ...(deployment ? { deployment } : {}) },
    links: compactLinks({
      dashboard: dashboardUrl(settings.alarmDashboardUid ?? 'aiops-system-overview', settings),
      trace: undefined,
      source: alarmConsoleUrl(region, name),
    }),
    dedupKey: dedupKey('cloudwatch', name, { arn }),
    startsAt: firing ? changedAt : (since ?? changedAt),
    ...(firing ? {} : { endsAt: changedAt }),
  };
}
