import { describe, expect, it } from 'vitest';
import { mapValue, thresholdColor } from '../../../lib/dashboards-render/colors.ts';
import type { PanelJson } from '../../../lib/dashboards-render/dashboard-json.ts';
import { dashboardPage, indexPage } from '../../../lib/dashboards-render/html-page.ts';
import { panelHtml } from '../../../lib/dashboards-render/html-panels.ts';
import type { PanelData, QueryResult } from '../../../lib/dashboards-render/run-queries.ts';
import { decumulate, displaySeries, seriesName } from '../../../lib/dashboards-render/series-display.ts';
import { barsSvg, donutSvg, gaugeSvg } from '../../../lib/dashboards-render/svg-shapes.ts';
import { niceTicks, stacked, timeseriesSvg } from '../../../lib/dashboards-render/svg-timeseries.ts';
import { formatValue } from '../../../lib/dashboards-render/units.ts';

const box = { startMs: 0, endMs: 60_000, width: 400, height: 200 };
const result = (over: Partial<QueryResult>): QueryResult => ({
  refId: 'A',
  expr: 'm',
  instant: false,
  format: 'time_series',
  series: [],
  ...over,
});
const panel = (over: Partial<PanelJson>): PanelJson => ({
  id: 1,
  type: 'timeseries',
  title: 'T',
  gridPos: { x: 0, y: 0, w: 12, h: 8 },
  datasource: { type: 'prometheus', uid: 'aiops-amp' },
  ...over,
});
const data = (p: Partial<PanelJson>, results: QueryResult[]): PanelData => ({
  panel: panel(p),
  kind: p.datasource?.type === 'cloudwatch' ? 'cloudwatch' : 'prometheus',
  results,
});

describe('values, names and colours', () => {
  it('formats the units the dashboards use', () => {
    expect(formatValue(0.98765, 'percentunit', 1)).toBe('98.8%');
    expect(formatValue(42.5, 'percent')).toBe('42.5%');
    expect(formatValue(0.07, 's')).toBe('70 ms');
    expect(formatValue(95, 's')).toBe('1.6 min');
    expect(formatValue(2.5, 'reqps')).toBe('2.5 req/s');
    expect(formatValue(50_623, 'short')).toBe('50.6K');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  it('names series by the legend template or by their labels', () => {
    expect(seriesName('{{status}} runs', { status: 'failed' }, 'x')).toBe('failed runs');
    expect(seriesName(undefined, { __name__: 'up', job: 'a' }, 'x')).toBe('up{job="a"}');
    expect(seriesName(undefined, {}, 'sum(x)')).toBe('sum(x)');
  });

  it('de-cumulates histogram buckets in bound order', () => {
    // Act
    const buckets = decumulate([
      { labels: { le: '+Inf' }, points: [[0, 10]] },
      { labels: { le: '0.5' }, points: [[0, 2]] },
      { labels: { le: '1' }, points: [[0, 7]] },
    ]);
    // Assess
    expect(buckets.map((b) => [b.labels.le, b.points[0]?.[1]])).toEqual([
      ['0.5', 2],
      ['1', 5],
      ['+Inf', 3],
    ]);
  });

  it('colours by threshold step and maps 1/0 to words', () => {
    const steps = [
      { value: null, color: 'red' },
      { value: 0.9, color: 'green' },
    ];
    expect(thresholdColor(0.5, steps)).toBe('#F2495C');
    expect(thresholdColor(0.95, steps)).toBe('#73BF69');
    expect(mapValue(0, [{ type: 'value', options: { '0': { text: 'down', color: 'red' } } }])).toEqual({
      text: 'down',
      color: '#F2495C',
    });
    expect(mapValue(1, [{ type: 'value', options: { '0': { text: 'down' } } }])).toBeUndefined();
  });
});

describe('SVG charts', () => {
  it('draws one path per series within the plot, broken where values are missing', () => {
    // Act
    const svg = timeseriesSvg({
      ...box,
      unit: 's',
      series: [
        {
          name: 'p95 <a>',
          labels: {},
          points: [
            [0, 1],
            [30_000, Number.NaN],
            [45_000, 2],
            [60_000, 3],
          ],
        },
        { name: 'empty', labels: {}, points: [[0, Number.NaN]] },
      ],
      lines: [{ value: 2.5, color: '#F2495C' }],
    });
    const path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const coords = [...path.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Assess
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(path.match(/M/g)).toHaveLength(2);
    expect(coords).toHaveLength(3);
    for (const [x, y] of coords) {
      expect(x).toBeGreaterThanOrEqual(64);
      expect(x).toBeLessThanOrEqual(390);
      expect(y).toBeGreaterThanOrEqual(8);
      expect(y).toBeLessThanOrEqual(178);
    }
    expect(svg).toContain('<title>p95 &lt;a&gt;</title>');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('>3 s</text>');
  });

  it('picks round ticks and stacks series point by point', () => {
    expect(niceTicks(0, 97, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0, 0.04)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    const [a, b] = stacked([
      {
        name: 'a',
        labels: {},
        points: [
          [0, 1],
          [1, 2],
        ],
      },
      {
        name: 'b',
        labels: {},
        points: [
          [0, 3],
          [1, Number.NaN],
        ],
      },
    ]);
    expect(a?.points).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(b?.points).toEqual([
      [0, 4],
      [1, Number.NaN],
    ]);
  });

  it('draws bars to scale, donut shares and a dial', () => {
    // Act
    const bars = barsSvg(
      [
        { name: 'x', value: 50 },
        { name: 'y', value: 100, color: '#73BF69' },
      ],
      { width: 400, max: 100 },
    );
    const widths = [...bars.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*fill=/g)].map((m) => Number(m[1]));
    const donut = donutSvg(
      [
        { name: 'up', value: 3 },
        { name: 'down', value: 1 },
        { name: 'none', value: 0 },
      ],
      { size: 100 },
    );
    const gauge = gaugeSvg(0.25, { width: 200, min: 0, max: 1, color: '#FF9830', unit: 'percentunit' });
    // Assess
    expect(widths).toHaveLength(2);
    expect((widths[1] as number) / (widths[0] as number)).toBeCloseTo(2);
    expect(donut).toContain('<title>up: 75.0%</title>');
    expect(donut).toContain('<title>down: 25.0%</title>');
    expect(donut).not.toContain('none:');
    expect(gauge).toContain('>25%</text>');
  });
});

describe('HTML panels and pages', () => {
  it('shows a stat with its mapped word and colour, a table with label columns', () => {
    // Prepare
    const mappings = [
      {
        type: 'value',
        options: { '1': { text: 'online', color: 'green' }, '0': { text: 'offline', color: 'red' } },
      },
    ];
    const series = [
      {
        labels: { __name__: 'm', appliance_id: 'a1', customer_id: 'local' },
        points: [[1, 1]] as [number, number][],
      },
      {
        labels: { __name__: 'm', appliance_id: 'a2', customer_id: 'local' },
        points: [[1, 0]] as [number, number][],
      },
    ];
    // Act
    const stat = panelHtml(
      data({ type: 'stat', fieldConfig: { defaults: { mappings } } }, [result({ series: series.slice(1) })]),
      box,
    );
    const table = panelHtml(
      data({ type: 'table', fieldConfig: { defaults: { mappings } } }, [result({ series, format: 'table' })]),
      box,
    );
    // Assess
    expect(stat).toContain('<span style="color:#F2495C">offline</span>');
    expect(table).toContain('<th>appliance_id</th><th>customer_id</th><th>Value</th>');
    expect(table).toContain('<td>a1</td><td>local</td><td style="color:#73BF69"><b>online</b></td>');
  });

  it('says No data, shows Prometheus errors, and leaves CloudWatch panels as a note with their query', () => {
    // Act
    const empty = panelHtml(data({}, [result({ series: [{ labels: {}, points: [[0, Number.NaN]] }] })]), box);
    const failed = panelHtml(data({}, [result({ error: 'parse error at char 3' })]), box);
    const logs = panelHtml(
      data(
        {
          type: 'table',
          datasource: { type: 'cloudwatch' },
          targets: [{ expression: 'fields @timestamp | limit 5' }],
        },
        [],
      ),
      box,
    );
    // Assess
    expect(empty).toContain('No data');
    expect(failed).toContain('<p class="error">Query A failed: parse error at char 3</p>');
    expect(logs).toContain('Not rendered here: CloudWatch Logs Insights');
    expect(logs).toContain('<pre>fields @timestamp | limit 5</pre>');
  });

  it('lays panels on the 24-column grid in a self-contained page, and indexes the pages', () => {
    // Prepare
    const dashboard = {
      uid: 'aiops-x',
      title: 'X <&>',
      panels: [],
      templating: { list: [{ name: 'tenant', type: 'query' }] },
    };
    const rows = [
      {
        panel: panel({ id: 1, type: 'row', title: 'Row', gridPos: { x: 0, y: 0, w: 24, h: 1 } }),
        kind: 'row' as const,
        results: [],
      },
      data({ id: 2, gridPos: { x: 12, y: 1, w: 12, h: 8 } }, [
        result({
          series: [
            {
              labels: {},
              points: [
                [0, 1],
                [60_000, 2],
              ],
            },
          ],
        }),
      ]),
    ];
    // Act
    const page = dashboardPage(dashboard, rows, {
      ...box,
      source: 'http://127.0.0.1:9090',
      variables: { tenant: ['local'] },
    });
    const index = indexPage([{ uid: 'aiops-x', title: 'X' }], { ...box, source: 'p' });
    // Assess
    expect(page).toContain('<title>X &lt;&amp;&gt;</title>');
    expect(page).toContain(
      '<section class="row" style="grid-column:1 / span 24;grid-row:1 / span 1"><h2>Row</h2>',
    );
    expect(page).toContain('<section style="grid-column:13 / span 12;grid-row:2 / span 8" id="panel-2">');
    expect(page).toContain('tenant = local');
    expect(page).toContain('<svg class="chart"');
    expect(page).not.toMatch(/<script|<link|src=|url\(/);
    expect(index).toContain('<a href="aiops-x/index.html">X</a>');
  });

  it('shows series in legend order with their last values', () => {
    const shown = displaySeries(
      result({ legend: '{{le}}', format: 'heatmap', series: [{ labels: { le: '1' }, points: [[0, 4]] }] }),
    );
    expect(shown).toEqual([{ name: '1', labels: { le: '1' }, points: [[0, 4]] }]);
  });
});
