/**
 * A dashboard as one static HTML page (inline CSS and SVG, no scripts, no external assets),
 * its panels placed on Grafana's 24-column grid, and an index page linking every dashboard.
 */
import type { DashboardJson } from './dashboard-json.ts';
import { esc } from './escape.ts';
import { panelHtml } from './html-panels.ts';
import type { VariableValue } from './interpolate.ts';
import type { PanelData } from './run-queries.ts';

/** Page width in pixels, as on a wide screen. */
export const PAGE_WIDTH = 1440;
/** Height of one grid row in pixels (Grafana: 30 px plus the gap). */
export const ROW_HEIGHT = 36;
const GAP = 8;
const COLUMN = (PAGE_WIDTH - 2 * 16) / 24;

const STYLE = `
body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f5;color:#24292e}
header{padding:12px 16px;background:#fff;border-bottom:1px solid #ddd}
header h1{font-size:20px;margin:0 0 4px}header p{margin:2px 0;color:#555}
main{display:grid;grid-template-columns:repeat(24,1fr);grid-auto-rows:${ROW_HEIGHT}px;gap:${GAP}px;padding:16px;width:${PAGE_WIDTH - 32}px}
section{background:#fff;border:1px solid #ddd;border-radius:4px;padding:6px 8px;overflow:auto}
section.row{background:none;border:none;padding:0;display:flex;align-items:end}
section.row h2{font-size:16px;margin:0}
h3{font-size:13px;margin:0 0 4px;font-weight:600}
svg text{font-size:11px;fill:#555}svg .grid{stroke:#e5e5e5}svg .track,svg .ring{fill:#eee;stroke:#eee}
svg .big{font-size:22px;font-weight:600}
.stat{display:flex;flex-wrap:wrap;gap:16px;align-items:center;justify-content:center;height:70%}
.stat span{font-size:34px;font-weight:600}.stat small{display:block;color:#555}
.legend{list-style:none;margin:2px 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12px}
.legend i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.pie{display:flex;gap:12px;align-items:center}.pie .legend{flex-direction:column}
table.data{border-collapse:collapse;width:100%;font-size:12px}table.data th,table.data td{text-align:left;padding:2px 6px;border-bottom:1px solid #eee}
.note,.nodata{color:#777;font-style:italic}.error{color:#c4162a}
pre{white-space:pre-wrap;font-size:11px;background:#f7f7f7;padding:4px;margin:2px 0}
details summary{cursor:pointer;color:#777;font-size:11px}
a{color:#1f62e0}`;

/** What a page shows besides the panels. */
export interface PageContext {
  readonly startMs: number;
  readonly endMs: number;
  /** Where the data came from. */
  readonly source: string;
  /** The dashboard variables as they were resolved (shown in the header). */
  readonly variables: Readonly<Record<string, VariableValue>>;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function section(data: PanelData, ctx: PageContext): string {
  const { x, y, w, h } = data.panel.gridPos;
  const place = `grid-column:${x + 1} / span ${w};grid-row:${y + 1} / span ${h}`;
  if (data.kind === 'row')
    return `<section class="row" style="${place}"><h2>${esc(data.panel.title)}</h2></section>`;
  const box = {
    startMs: ctx.startMs,
    endMs: ctx.endMs,
    width: Math.floor(w * COLUMN - GAP - 18),
    height: Math.floor(h * (ROW_HEIGHT + GAP) - GAP - 40),
  };
  return `<section style="${place}" id="panel-${data.panel.id}">${panelHtml(data, box)}</section>`;
}

/** The whole page of one dashboard. */
export function dashboardPage(
  dashboard: DashboardJson,
  panels: readonly PanelData[],
  ctx: PageContext,
): string {
  const variables = (dashboard.templating.list ?? [])
    .filter((v) => v.type === 'query' && ctx.variables[v.name] !== undefined)
    .map((v) => {
      const value = ctx.variables[v.name] as VariableValue;
      return `${esc(v.name)} = ${esc(typeof value === 'string' ? value : value.join(', ') || '(none)')}`;
    });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(dashboard.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(dashboard.title)}</h1>
<p>${esc(dashboard.description ?? '')}</p>
<p>${esc(utc(ctx.startMs))} to ${esc(utc(ctx.endMs))} · data from ${esc(ctx.source)} · uid ${esc(dashboard.uid)}${variables.length ? ` · ${variables.join(' · ')}` : ''}</p>
<p><a href="../index.html">All dashboards</a></p></header>
<main>
${panels.map((p) => section(p, ctx)).join('\n')}
</main></body></html>
`;
}

/** The index page: one link per dashboard page (`<uid>/index.html`). */
export function indexPage(
  dashboards: readonly { readonly uid: string; readonly title: string; readonly description?: string }[],
  ctx: Pick<PageContext, 'startMs' | 'endMs' | 'source'>,
): string {
  const items = dashboards
    .map(
      (d) =>
        `<li><a href="${esc(encodeURIComponent(d.uid))}/index.html">${esc(d.title)}</a><br><small>${esc(d.description ?? '')}</small></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AIOps dashboards</title><style>${STYLE}</style></head>
<body><header><h1>AIOps dashboards</h1><p>${esc(utc(ctx.startMs))} to ${esc(utc(ctx.endMs))} · data from ${esc(ctx.source)}</p></header>
<ul>
${items}
</ul></body></html>
`;
}
