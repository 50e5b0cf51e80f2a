/** Series as a panel shows them: named by the legend template, histograms de-cumulated. */
import type { Series } from './prometheus-api.ts';
import type { QueryResult } from './run-queries.ts';

/** A series ready to draw. */
export interface NamedSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * The legend of a series: the template with `{{label}}` filled, or the labels as PromQL
 * writes them, or the query itself when the result has no labels.
 * @example seriesName('{{status}} runs', { status: 'failed' }, 'x') // 'failed runs'
 */
export function seriesName(
  legend: string | undefined,
  labels: Readonly<Record<string, string>>,
  expr: string,
): string {
  if (legend && legend !== '__auto')
    return legend.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, l: string) => labels[l] ?? '');
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  if (!name && pairs.length === 0) return expr;
  return pairs.length ? `${name}{${pairs.join(', ')}}` : name;
}

const bound = (s: Series): number => {
  const le = s.labels.le;
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
};

/**
 * Cumulative `le` buckets turned into per-bucket counts, lowest bound first (what Grafana's
 * `heatmap` format does).
 */
export function decumulate(series: readonly Series[]): Series[] {
  const sorted = [...series].filter((s) => s.labels.le !== undefined).sort((a, b) => bound(a) - bound(b));
  return sorted.map((s, i) => {
    const below = new Map(i === 0 ? [] : (sorted[i - 1] as Series).points.map(([t, v]) => [t, v]));
    return { labels: s.labels, points: s.points.map(([t, v]) => [t, v - (below.get(t) ?? 0)] as const) };
  });
}

/** The series of a result as the panel shows them. */
export function displaySeries(result: QueryResult): NamedSeries[] {
  const series = result.format === 'heatmap' ? decumulate(result.series) : result.series;
  return series.map((s) => ({ ...s, name: seriesName(result.legend, s.labels, result.expr) }));
}

/** The last finite value of a series, or `NaN`. */
export function lastValue(points: readonly (readonly [number, number])[]): number {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = (points[i] as readonly [number, number])[1];
    if (Number.isFinite(v)) return v;
  }
  return Number.NaN;
}
