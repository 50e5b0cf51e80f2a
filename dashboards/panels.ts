/**
 * Panel factories with the house defaults (Prometheus data source variable, legends shown,
 * last-value reductions, refIds A, B, C…), so each dashboard module lists only what its
 * panels show.
 */
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { HistogramDefinition } from '#domain/metrics/catalog';
import { datasourceRef } from './datasources.ts';
import { quantile } from './promql.ts';

/** What every panel states. */
export interface PanelBase {
  /** What the panel shows and how to read it (Grafana shows it as the panel's info tip). */
  readonly description: string;
  /** Grafana unit id (`s`, `percent`, `percentunit`, `reqps`, `short`, …). @default 'short' */
  readonly unit?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly span?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Colour steps, e.g. `[[null, 'green'], [0.9, 'red']]`. @default none */
  readonly thresholds?: readonly (readonly [number | null, string])[];
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly mappings?: ValueMapping[];
}

/** Options of a Prometheus query. */
export interface QueryOptions {
  /** Legend template, e.g. `{{status}}`. */
  readonly legend?: string;
  /** One value at the range's end instead of a series over the range. @default false */
  readonly instant?: boolean;
  /** `table` for table panels, `heatmap` for de-cumulated histogram buckets. @default time_series */
  readonly format?: 'time_series' | 'table' | 'heatmap';
}

/**
 * A Prometheus query through the dashboard's data source variable.
 * @example promQuery('sum(rate(aiops_requests_total[$__rate_interval]))', { legend: 'requests' })
 */
export function promQuery(expr: string, options: QueryOptions = {}): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder()
    .datasource(datasourceRef('prometheus'))
    .expr(expr)
    .editorMode(prometheus.QueryEditorMode.Code);
  if (options.legend !== undefined) query.legendFormat(options.legend);
  if (options.instant) query.instant();
  else query.range();
  if (options.format) query.format(options.format as prometheus.PromQueryFormat);
  return query;
}

/**
 * The p50, p95 and p99 of a histogram, one query each, with legends `p50`, `p95` and `p99`.
 * @example timeseriesPanel('API latency p50 / p95 / p99', { description, unit: 's' }, percentileQueries(API))
 */
export function percentileQueries(metric: HistogramDefinition): prometheus.DataqueryBuilder[] {
  return [0.5, 0.95, 0.99].map((q) => promQuery(quantile(q, metric), { legend: `p${Math.round(q * 100)}` }));
}

const thresholdSteps = (steps: PanelBase['thresholds']) =>
  new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps((steps ?? [[null, 'green']]).map(([value, color]): Threshold => ({ value, color })));

type Common = timeseries.PanelBuilder | stat.PanelBuilder | table.PanelBuilder;
type Panel = Common | piechart.PanelBuilder | bargauge.PanelBuilder | gauge.PanelBuilder;

function base<P extends Panel>(
  panel: P,
  title: string,
  o: PanelBase,
  queries: readonly prometheus.DataqueryBuilder[],
): P {
  panel
    .title(title)
    .description(o.description)
    .datasource(datasourceRef('prometheus'))
    .unit(o.unit ?? 'short')
    .span(o.span ?? 12)
    .height(o.height ?? 8)
    .thresholds(thresholdSteps(o.thresholds));
  if (o.min !== undefined) panel.min(o.min);
  if (o.max !== undefined) panel.max(o.max);
  if (o.decimals !== undefined) panel.decimals(o.decimals);
  if (o.mappings) panel.mappings(o.mappings);
  panel.targets(queries.map((q, i) => q.refId(String.fromCharCode(65 + i))));
  return panel;
}

const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
const legend = (placement = common.LegendPlacement.Bottom) =>
  new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(placement);

/** Options of {@link timeseriesPanel}. */
export interface TimeseriesOptions extends PanelBase {
  /** Stack the series (totals by a label). @default false */
  readonly stack?: boolean;
  /** Draw threshold lines. @default false */
  readonly thresholdLines?: boolean;
}

/** Series over time. */
export function timeseriesPanel(
  title: string,
  o: TimeseriesOptions,
  queries: readonly prometheus.DataqueryBuilder[],
): timeseries.PanelBuilder {
  const panel = base(new timeseries.PanelBuilder(), title, o, queries)
    .legend(legend())
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi))
    .lineWidth(1)
    .fillOpacity(o.stack ? 30 : 10);
  if (o.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (o.thresholdLines)
    panel.thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  return panel;
}

/** One big number (the last value), coloured by the thresholds. */
export function statPanel(
  title: string,
  o: PanelBase & { readonly sparkline?: boolean },
  queries: readonly prometheus.DataqueryBuilder[],
): stat.PanelBuilder {
  return base(new stat.PanelBuilder(), title, { span: 6, height: 5, ...o }, queries)
    .reduceOptions(lastValue())
    .graphMode(o.sparkline ? common.BigValueGraphMode.Area : common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value);
}

/** A dial of the last value between `min` and `max`, coloured by the thresholds. */
export function gaugePanel(
  title: string,
  o: PanelBase,
  queries: readonly prometheus.DataqueryBuilder[],
): gauge.PanelBuilder {
  return base(new gauge.PanelBuilder(), title, { span: 6, height: 5, ...o }, queries)
    .reduceOptions(lastValue())
    .showThresholdMarkers(true);
}

/** Horizontal bars, one per series (the last value). */
export function barGaugePanel(
  title: string,
  o: PanelBase,
  queries: readonly prometheus.DataqueryBuilder[],
): bargauge.PanelBuilder {
  return base(new bargauge.PanelBuilder(), title, o, queries)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .showUnfilled(true);
}

/** Shares of a whole, one slice per series (the last value). */
export function piePanel(
  title: string,
  o: PanelBase,
  queries: readonly prometheus.DataqueryBuilder[],
): piechart.PanelBuilder {
  return base(new piechart.PanelBuilder(), title, o, queries)
    .reduceOptions(lastValue())
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Percent])
    .legend(
      new piechart.PieChartLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .values([piechart.PieChartLegendValues.Value, piechart.PieChartLegendValues.Percent]),
    );
}

/** Rows of an instant query (format `table`), one per series. */
export function tablePanel(
  title: string,
  o: PanelBase,
  queries: readonly prometheus.DataqueryBuilder[],
): table.PanelBuilder {
  return base(new table.PanelBuilder(), title, o, queries).cellHeight(common.TableCellHeight.Sm);
}

/**
 * Maps 1/0 to words and colours (online/offline, up/down; `good` says which value is green).
 * @param good @default 1
 * @example valueWords('up', 'down')
 */
export function valueWords(one: string, zero: string, good: 0 | 1 = 1): ValueMapping[] {
  const [oneColor, zeroColor] = good === 1 ? ['green', 'red'] : ['red', 'green'];
  return [
    {
      type: MappingType.ValueToText,
      options: {
        '1': { text: one, color: oneColor, index: 0 },
        '0': { text: zero, color: zeroColor, index: 1 },
      },
    },
  ];
}
