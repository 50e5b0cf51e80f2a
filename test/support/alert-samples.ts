import type { AlertEvent } from '#domain/alerts/alert-event';

/** An Alertmanager webhook payload (v4) as Alertmanager's documentation shows it, with the project's labels. */
export function alertmanagerPayload(
  status: 'firing' | 'resolved' = 'firing',
  overrides: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
) {
  const labels = {
    alertname: 'ApplianceServiceDown',
    appliance_id: 'appl-dns-01',
    service: 'dns',
    severity: 'critical',
    ...overrides.labels,
  };
  return {
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="ApplianceServiceDown"}',
    truncatedAlerts: 0,
    status,
    receiver: 'aiops-router',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status,
        labels,
        annotations: {
          summary: 'Service dns is down on appl-dns-01',
          description: 'appl-dns-01 reports dns down for 1 minute.',
          runbook_url: 'runbooks/service-down.md',
          dashboard: 'aiops-appliance-health',
          ...overrides.annotations,
        },
        startsAt: '2026-11-21T18:00:00.123456789Z',
        endsAt: status === 'resolved' ? '2026-11-21T18:05:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=aiops_appliance_service_up+%3D%3D+0',
        fingerprint: 'c6eadffa33fcdf37',
      },
    ],
  };
}

/** A CloudWatch Alarm State Change event as EventBridge delivers it. */
export function cloudWatchAlarmEvent(
  value: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  name = 'aiops-api-5xx-critical',
  description = '[critical] api: more than 5% 5xx in 5 minutes (deployment aiops)',
) {
  const previous = value === 'ALARM' ? 'OK' : 'ALARM';
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2026-11-21T18:10:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`],
    detail: {
      alarmName: name,
      configuration: {
        description,
        metrics: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/ApiGateway', name: '5xx' } } }],
      },
      previousState: {
        reason: 'Threshold Crossed: 1 datapoint [0.0] was not greater than the threshold (5.0).',
        timestamp: '2026-11-21T18:00:00.000+0000',
        value: previous,
      },
      state: {
        reason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).',
        reasonData: '{"version":"1.0"}',
        timestamp: '2026-11-21T18:10:00.000+0000',
        value,
      },
    },
  };
}

/** A normalised alert event. */
export function alertEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    version: 1,
    source: 'prometheus',
    name: 'ApplianceServiceDown',
    severity: 'critical',
    state: 'firing',
    summary: 'Service dns is down on appl-dns-01',
    description: 'appl-dns-01 reports dns down for 1 minute.',
    runbook: 'https://git.example/aiops/blob/main/runbooks/service-down.md',
    labels: {
      alertname: 'ApplianceServiceDown',
      appliance_id: 'appl-dns-01',
      service: 'dns',
      severity: 'critical',
    },
    links: { dashboard: 'https://grafana.example/d/aiops-appliance-health' },
    dedupKey: 'prometheus/ApplianceServiceDown/0123456789abcdef',
    startsAt: '2026-11-21T18:00:00.000Z',
    ...overrides,
  };
}
