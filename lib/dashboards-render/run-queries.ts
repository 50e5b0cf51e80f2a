/**
 * Runs every Prometheus query of a dashboard's panels for one time range, the variables
 * substituted, and keeps each result or error beside its query.
 */
import { mapLimit } from '#primitives/map-limit';
import {
  type DashboardJson,
  type PanelJson,
  type PanelKind,
  panelKind,
  type TargetJson,
} from './dashboard-json.ts';
import { interpolate, type VariableValue } from './interpolate.ts';
import type { PrometheusApi, Series } from './prometheus-api.ts';

/** One query of a panel and what Prometheus answered. */
export interface QueryResult {
  readonly refId: string;
  /** The PromQL as sent (variables substituted). */
  readonly expr: string;
  readonly legend?: string;
  /** Evaluated once, at the range's end. */
  readonly instant: boolean;
  /** `table`, `heatmap` or `time_series`. */
  readonly format: string;
  readonly series: readonly Series[];
  /** Prometheus's error, when the query failed. */
  readonly error?: string;
}

/** A panel with its query results (none for rows and non-Prometheus panels). */
export interface PanelData {
  readonly panel: PanelJson;
  readonly kind: PanelKind;
  readonly results: readonly QueryResult[];
}

/** A Prometheus query of a panel, before it runs. */
export interface PanelQuery {
  readonly panel: PanelJson;
  readonly target: TargetJson & { readonly expr: string };
}

/** Every Prometheus query of the dashboard, panel by panel. */
export function prometheusQueries(dashboard: DashboardJson): PanelQuery[] {
  return dashboard.panels
    .filter((p) => panelKind(p) === 'prometheus')
    .flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) =>
        typeof target.expr === 'string' ? [{ panel, target: { ...target, expr: target.expr } }] : [],
      ),
    );
}

/** What a query runs over. */
export interface QueryWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepSeconds: number;
}

/** Runs one query (an instant one as a one-point range at the end); failures become `error`. */
export async function runQuery(
  api: PrometheusApi,
  query: PanelQuery,
  values: Readonly<Record<string, VariableValue>>,
  window: QueryWindow,
): Promise<QueryResult> {
  const { target } = query;
  const expr = interpolate(target.expr, values);
  const instant = target.instant === true;
  const base = {
    refId: target.refId ?? 'A',
    expr,
    instant,
    format: target.format ?? 'time_series',
    ...(target.legendFormat !== undefined ? { legend: target.legendFormat } : {}),
  };
  try {
    const start = instant ? window.endMs : window.startMs;
    return { ...base, series: await api.queryRange(expr, start, window.endMs, window.stepSeconds) };
  } catch (e) {
    return { ...base, series: [], error: (e as Error).message };
  }
}

/**
 * Every panel of the dashboard in layout order, the Prometheus ones with their results.
 * @param concurrency queries in flight @default 4
 */
export async function runDashboardQueries(
  dashboard: DashboardJson,
  api: PrometheusApi,
  values: Readonly<Record<string, VariableValue>>,
  window: QueryWindow,
  concurrency = 4,
): Promise<PanelData[]> {
  const queries = prometheusQueries(dashboard);
  const results = await mapLimit(queries, concurrency, (q) => runQuery(api, q, values, window));
  return dashboard.panels.map((panel) => ({
    panel,
    kind: panelKind(panel),
    results: results.filter((_, i) => queries[i]?.panel === panel),
  }));
}

/** Whether a result holds data: a series with at least one finite value (0 counts). */
export const hasData = (r: QueryResult): boolean =>
  r.series.some((s) => s.points.some(([, v]) => Number.isFinite(v)));
