/**
 * Appliance Health (DESIGN.md §7): online/offline, last heartbeat, CPU, memory, disk and
 * service status, for the appliances picked by the `tenant` and `appliance` variables. Every
 * query filters on both and every legend names both: appliance ids are per tenant, so two
 * tenants may each have a `gw-01`.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS } from '#domain/metrics/catalog';
import { aiopsDashboard, buildDashboard, withRows } from './dashboard-base.ts';
import { applianceVariable, tenantVariable } from './datasources.ts';
import { barGaugePanel, promQuery, statPanel, tablePanel, timeseriesPanel, valueWords } from './panels.ts';
import { by, re, series } from './promql.ts';

/** Fixed uid (other dashboards, alerts and runbooks link to it). */
export const APPLIANCE_HEALTH_UID = 'aiops-appliance-health';

const appliance = { customer_id: re('$tenant'), appliance_id: re('$appliance') };
/** The legend of a per-appliance series. */
const applianceLegend = '{{customer_id}}/{{appliance_id}}';
const online = series(METRICS.applianceOnline, appliance);
const heartbeatAge = `time() - ${series(METRICS.applianceLastHeartbeatTimestamp, appliance)}`;
const serviceUp = series(METRICS.applianceServiceUp, appliance);

const gauge = (title: string, metric: typeof METRICS.applianceCpuPercent, alertAt: number) =>
  timeseriesPanel(
    title,
    {
      description: `${metric.help} The dashed line is the alert threshold (${alertAt}%).`,
      unit: 'percent',
      min: 0,
      max: 100,
      span: 8,
      thresholds: [
        [null, 'green'],
        [alertAt, 'red'],
      ],
      thresholdLines: true,
    },
    [promQuery(series(metric, appliance), { legend: applianceLegend })],
  );

/** The Appliance Health dashboard. */
export function applianceHealthDashboard(): Dashboard {
  const fleet = [
    statPanel(
      'Online',
      {
        description: 'Appliances that sent a heartbeat within the offline threshold.',
        thresholds: [[null, 'green']],
      },
      [promQuery(`sum(${online})`)],
    ),
    statPanel(
      'Offline',
      {
        description: 'Appliances whose last heartbeat is older than the offline threshold.',
        thresholds: [
          [null, 'green'],
          [1, 'red'],
        ],
      },
      [promQuery(`sum(1 - ${online})`)],
    ),
    statPanel(
      'Oldest heartbeat',
      {
        description: 'Age of the stalest last heartbeat among the selected appliances.',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [120, 'orange'],
          [600, 'red'],
        ],
      },
      [promQuery(`max(${heartbeatAge})`)],
    ),
    statPanel(
      'Services down',
      {
        description: 'Services the last heartbeats reported down, across the selected appliances.',
        thresholds: [
          [null, 'green'],
          [1, 'red'],
        ],
      },
      [promQuery(`sum(1 - ${serviceUp})`)],
    ),
    tablePanel(
      'Online / offline',
      {
        description: 'Each appliance and its tenant, online or offline now.',
        mappings: valueWords('online', 'offline'),
      },
      [promQuery(online, { instant: true, format: 'table' })],
    ),
    barGaugePanel(
      'Time since last heartbeat',
      {
        description:
          'Seconds since each appliance last sent a heartbeat (offline after the threshold, alert after 10 minutes).',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [120, 'orange'],
          [600, 'red'],
        ],
      },
      [promQuery(heartbeatAge, { instant: true, legend: applianceLegend })],
    ),
  ];
  const load = [
    gauge('CPU', METRICS.applianceCpuPercent, 90),
    gauge('Memory', METRICS.applianceMemoryPercent, 90),
    gauge('Disk', METRICS.applianceDiskPercent, 85),
  ];
  const services = [
    tablePanel(
      'Service status',
      {
        description: 'Each service of each appliance as its last heartbeat reported it.',
        mappings: valueWords('up', 'down'),
      },
      [promQuery(serviceUp, { instant: true, format: 'table' })],
    ),
    timeseriesPanel(
      'Services down over time',
      {
        description: 'Services reported down, per appliance.',
        stack: true,
        thresholds: [
          [null, 'green'],
          [1, 'red'],
        ],
      },
      [
        promQuery(`sum${by(METRICS.applianceServiceUp, 'customer_id', 'appliance_id')} (1 - ${serviceUp})`, {
          legend: applianceLegend,
        }),
      ],
    ),
  ];
  const builder = aiopsDashboard(
    APPLIANCE_HEALTH_UID,
    'AIOps: Appliance Health',
    'The on-prem fleet from its heartbeats: who is online, when each last reported, load and services.',
  )
    .withVariable(tenantVariable())
    .withVariable(applianceVariable());
  withRows(builder, [
    ['Fleet', fleet],
    ['Load', load],
    ['Services', services],
  ]);
  return buildDashboard(builder);
}
