/** One panel as HTML: its title, its chart, table or value, and the queries behind it. */
import { cssColor, mapValue, seriesColor, thresholdColor } from './colors.ts';
import { defaultsOf } from './dashboard-json.ts';
import { esc } from './escape.ts';
import type { PanelData } from './run-queries.ts';
import { hasData } from './run-queries.ts';
import { displaySeries, lastValue, type NamedSeries } from './series-display.ts';
import { barsSvg, donutSvg, gaugeSvg, type Slice } from './svg-shapes.ts';
import { timeseriesSvg } from './svg-timeseries.ts';
import { formatValue } from './units.ts';

/** Where and how large the panel is drawn. */
export interface PanelBox {
  readonly startMs: number;
  readonly endMs: number;
  /** Inner size in pixels. */
  readonly width: number;
  readonly height: number;
}

const DEFAULT_COLOR = '#5794F2';

function valueLook(data: PanelData, value: number): { text: string; color: string } {
  const d = defaultsOf(data.panel);
  const mapped = mapValue(value, d.mappings);
  const color = mapped?.color ?? thresholdColor(value, d.thresholds?.steps) ?? DEFAULT_COLOR;
  return { text: mapped?.text ?? formatValue(value, d.unit, d.decimals), color };
}

const slicesOf = (data: PanelData, series: readonly NamedSeries[], byThreshold: boolean): Slice[] =>
  series.map((s, i) => {
    const value = lastValue(s.points);
    const color = byThreshold ? valueLook(data, value).color : seriesColor(i);
    return { name: s.name, value, color };
  });

function legend(series: readonly NamedSeries[], unit?: string): string {
  const items = series.map(
    (s, i) =>
      `<li><i style="background:${seriesColor(i)}"></i>${esc(s.name)} <b>${esc(formatValue(lastValue(s.points), unit))}</b></li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

function table(data: PanelData, series: readonly NamedSeries[]): string {
  const columns = [...new Set(series.flatMap((s) => Object.keys(s.labels)))]
    .filter((c) => c !== '__name__')
    .sort();
  const head = `<tr>${[...columns, 'Value'].map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const rows = series.map((s) => {
    const look = valueLook(data, lastValue(s.points));
    const cells = columns.map((c) => `<td>${esc(s.labels[c] ?? '')}</td>`).join('');
    return `<tr>${cells}<td style="color:${esc(look.color)}"><b>${esc(look.text)}</b></td></tr>`;
  });
  return `<table class="data"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function body(data: PanelData, box: PanelBox): string {
  const { panel } = data;
  const d = defaultsOf(panel);
  const series = data.results.flatMap(displaySeries);
  switch (panel.type) {
    case 'stat':
      return `<div class="stat">${series
        .map((s) => {
          const look = valueLook(data, lastValue(s.points));
          const label = series.length > 1 ? `<small>${esc(s.name)}</small>` : '';
          return `<div><span style="color:${esc(look.color)}">${esc(look.text)}</span>${label}</div>`;
        })
        .join('')}</div>`;
    case 'gauge': {
      const value = lastValue(series[0]?.points ?? []);
      const color = valueLook(data, value).color;
      return gaugeSvg(value, {
        width: box.width,
        min: d.min ?? 0,
        max: d.max ?? 100,
        color,
        ...(d.unit ? { unit: d.unit } : {}),
      });
    }
    case 'bargauge':
      return barsSvg(slicesOf(data, series, true), {
        width: box.width,
        ...(d.unit ? { unit: d.unit } : {}),
        ...(d.min !== undefined ? { min: d.min } : {}),
        ...(d.max !== undefined ? { max: d.max } : {}),
      });
    case 'piechart': {
      const slices = slicesOf(data, series, false);
      const total = slices.reduce((sum, s) => sum + (Number.isFinite(s.value) ? s.value : 0), 0);
      const rows = slices.map(
        (s, i) =>
          `<li><i style="background:${seriesColor(i)}"></i>${esc(s.name)} <b>${esc(formatValue(s.value, d.unit))}</b> (${total > 0 ? ((s.value / total) * 100).toFixed(1) : '0'}%)</li>`,
      );
      return `<div class="pie">${donutSvg(slices, { size: Math.min(box.height, 180) })}<ul class="legend">${rows.join('')}</ul></div>`;
    }
    case 'table':
      return table(data, series);
    default:
      return (
        timeseriesSvg({
          series,
          startMs: box.startMs,
          endMs: box.endMs,
          width: box.width,
          height: Math.max(120, box.height - 16 - 18 * Math.ceil(series.length / 3)),
          ...(d.unit ? { unit: d.unit } : {}),
          ...(d.min !== undefined ? { min: d.min } : {}),
          ...(d.max !== undefined ? { max: d.max } : {}),
          stack: d.custom?.stacking?.mode === 'normal',
          lines:
            d.custom?.thresholdsStyle?.mode && d.custom.thresholdsStyle.mode !== 'off'
              ? (d.thresholds?.steps ?? []).flatMap((s) =>
                  s.value === null ? [] : [{ value: s.value, color: cssColor(s.color) }],
                )
              : [],
        }) + legend(series, d.unit)
      );
  }
}

/** The panel's inner HTML (without its frame), for any kind of panel. */
export function panelHtml(data: PanelData, box: PanelBox): string {
  const { panel } = data;
  const title = `<h3 title="${esc(panel.description ?? '')}">${esc(panel.title)}</h3>`;
  if (data.kind === 'cloudwatch' || data.kind === 'other') {
    const queries = (panel.targets ?? [])
      .map((t) => `<pre>${esc(t.expression ?? t.expr ?? '')}</pre>`)
      .join('');
    const what =
      data.kind === 'cloudwatch'
        ? 'CloudWatch Logs Insights (per-decision rows with trace links)'
        : 'this data source';
    return `${title}<p class="note">Not rendered here: ${esc(what)} needs Grafana and AWS. Query:</p>${queries}`;
  }
  const errors = data.results
    .filter((r) => r.error)
    .map((r) => `<p class="error">Query ${esc(r.refId)} failed: ${esc(r.error ?? '')}</p>`)
    .join('');
  const content = data.results.some(hasData) ? body(data, box) : '<p class="nodata">No data</p>';
  const queries = data.results.map((r) => `<pre>${esc(r.refId)}: ${esc(r.expr)}</pre>`).join('');
  return `${title}${errors}${content}<details><summary>Queries</summary>${queries}</details>`;
}
