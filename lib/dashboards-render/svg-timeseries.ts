/** A time series chart as inline SVG: axes with ticks, one line per series, threshold lines. */
import { seriesColor } from './colors.ts';
import { esc, px } from './escape.ts';
import type { NamedSeries } from './series-display.ts';
import { formatValue } from './units.ts';

/** What a chart draws. */
export interface TimeseriesChart {
  readonly series: readonly NamedSeries[];
  readonly startMs: number;
  readonly endMs: number;
  readonly width: number;
  readonly height: number;
  /** @default 'short' */
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  /** Stack the series (each line is the sum of itself and the ones before). @default false */
  readonly stack?: boolean;
  /** Dashed horizontal lines (threshold steps). */
  readonly lines?: readonly { readonly value: number; readonly color: string }[];
}

const MARGIN = { left: 64, right: 10, top: 8, bottom: 22 };

/**
 * About `count` round tick values covering [lo, hi].
 * @example niceTicks(0, 97, 4) // [0, 25, 50, 75, 100]
 */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  if ((ticks.at(-1) ?? lo) < hi) ticks.push(Number(((ticks.at(-1) ?? lo) + step).toPrecision(12)));
  return ticks;
}

/** Series summed in order, point by point (for stacking). */
export function stacked(series: readonly NamedSeries[]): NamedSeries[] {
  const totals = new Map<number, number>();
  return series.map((s) => ({
    ...s,
    points: s.points.map(([t, v]) => {
      const sum = (totals.get(t) ?? 0) + (Number.isFinite(v) ? v : 0);
      totals.set(t, sum);
      return [t, Number.isFinite(v) ? sum : v] as const;
    }),
  }));
}

/** `HH:MM` in UTC, with seconds when the range is shorter than ten minutes. */
const clock = (ms: number, spanMs: number) =>
  new Date(ms).toISOString().slice(11, spanMs < 600_000 ? 19 : 16);
const ANCHORS = ['start', 'middle', 'middle', 'middle', 'end'] as const;

/** The chart's SVG; series that have no finite value draw nothing. */
export function timeseriesSvg(chart: TimeseriesChart): string {
  const series = chart.stack ? stacked(chart.series) : chart.series;
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  const lo = chart.min ?? Math.min(0, ...values);
  let hi = chart.max ?? Math.max(...values, lo + 1e-9);
  if (hi <= lo) hi = lo + 1;
  const ticks = chart.max === undefined ? niceTicks(lo, hi) : niceTicks(lo, hi).filter((t) => t <= hi);
  const top = Math.max(hi, ticks.at(-1) ?? hi);
  const w = chart.width - MARGIN.left - MARGIN.right;
  const h = chart.height - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + ((t - chart.startMs) / Math.max(1, chart.endMs - chart.startMs)) * w;
  const y = (v: number) => MARGIN.top + h - ((v - lo) / (top - lo)) * h;
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${MARGIN.left}" x2="${px(MARGIN.left + w)}" y1="${px(y(t))}" y2="${px(y(t))}" class="grid"/>` +
        `<text x="${MARGIN.left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${esc(formatValue(t, chart.unit))}</text>`,
    )
    .join('');
  const span = chart.endMs - chart.startMs;
  const times = [0, 0.25, 0.5, 0.75, 1]
    .map((f, i) => {
      const t = chart.startMs + f * span;
      return `<text x="${px(x(t))}" y="${chart.height - 6}" text-anchor="${ANCHORS[i]}">${clock(t, span)}</text>`;
    })
    .join('');
  const thresholdLines = (chart.lines ?? [])
    .filter((l) => l.value >= lo && l.value <= top)
    .map(
      (l) =>
        `<line x1="${MARGIN.left}" x2="${px(MARGIN.left + w)}" y1="${px(y(l.value))}" y2="${px(y(l.value))}" stroke="${esc(l.color)}" stroke-dasharray="6 4"/>`,
    )
    .join('');
  const paths = series
    .map((s, i) => {
      let d = '';
      let pen = false;
      for (const [t, v] of s.points) {
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${px(x(t))},${px(y(v))}`;
        pen = true;
      }
      return d
        ? `<path d="${d}" stroke="${seriesColor(i)}" fill="none" stroke-width="1.5"><title>${esc(s.name)}</title></path>`
        : '';
    })
    .join('');
  return (
    `<svg class="chart" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" role="img">` +
    `${grid}${times}${thresholdLines}${paths}</svg>`
  );
}
