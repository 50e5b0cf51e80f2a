/**
 * What every aiops dashboard shares: tags, time range, refresh, shared crosshair, the links
 * to its siblings, the Prometheus data source variable, and stable panel ids.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  type Panel,
  RowBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './datasources.ts';

/** The tag every aiops dashboard carries (the sibling links list dashboards by it). */
export const DASHBOARD_TAG = 'aiops';

/**
 * A dashboard builder with the house settings: read-only (it is provisioned from code),
 * the last 6 hours, refresh every minute (the exporter's cadence), browser time zone.
 * @example aiopsDashboard('aiops-slo', 'AIOps: SLO', 'Decision success against its objective')
 */
export function aiopsDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([DASHBOARD_TAG])
    .readonly()
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .link(
      new DashboardLinkBuilder('AIOps dashboards')
        .type(DashboardLinkType.Dashboards)
        .tags([DASHBOARD_TAG])
        .asDropdown(true)
        .includeVars(false)
        .keepTime(true)
        .targetBlank(false)
        .icon('external link')
        .tooltip(''),
    )
    .withVariable(datasourceVariable('prometheus'));
}

/**
 * Adds each row, then its panels, in order.
 * @example withRows(builder, [['API', api], ['Pipeline', pipeline]])
 */
export function withRows(
  builder: DashboardBuilder,
  rows: readonly (readonly [title: string, panels: readonly cog.Builder<Panel>[]])[],
): DashboardBuilder {
  for (const [title, panels] of rows) {
    builder.withRow(new RowBuilder(title));
    for (const p of panels) builder.withPanel(p);
  }
  return builder;
}

/**
 * Builds the dashboard and numbers its panels 1, 2, 3… in layout order, so panel links
 * (`viewPanel=`) stay stable across regenerations. Dashboard links lose the SDK's default
 * `placement` (Grafana 12 would tuck them into the controls menu), so they show above the
 * panels in every Grafana version.
 */
export function buildDashboard(builder: DashboardBuilder): Dashboard {
  const dashboard = builder.build();
  let id = 0;
  const panels = (dashboard.panels ?? []).map((panel) => {
    id += 1;
    return { ...panel, id };
  });
  const links = (dashboard.links ?? []).map(({ placement: _placement, ...link }) => link);
  return { ...dashboard, links, panels };
}
