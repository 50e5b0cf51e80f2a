/**
 * Renders the generated dashboards from a Prometheus into static HTML: `<out>/index.html`
 * and `<out>/<uid>/index.html` per dashboard.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_DASHBOARDS_DIR, readJsonFiles } from '../generated-files.ts';
import { type DashboardJson, parseDashboard } from './dashboard-json.ts';
import { dashboardPage, indexPage } from './html-page.ts';
import { type PrometheusApi, prometheusApi } from './prometheus-api.ts';
import { hasData, runDashboardQueries } from './run-queries.ts';
import { timeRange } from './time-range.ts';
import { resolveVariables } from './variables.ts';

/**
 * Every `*.json` dashboard in `dir`, by file name.
 * @throws Error naming the file that is not a dashboard, or when there is none
 */
export async function loadGeneratedDashboards(
  dir: string = GENERATED_DASHBOARDS_DIR,
): Promise<DashboardJson[]> {
  const files = readJsonFiles(dir, (f, reason) => `${f} is not JSON: ${reason}`);
  if (files.length === 0) throw new Error(`no dashboard JSON in ${dir} (run \`npm run dashboards\`)`);
  return files.map(({ file, json }) => parseDashboard(json, file));
}

/** Options of {@link renderDashboards}. */
export interface RenderOptions {
  /** Base URL of the Prometheus to query, e.g. `http://127.0.0.1:9090`. */
  readonly prometheusUrl: string;
  readonly outDir: string;
  /** How far back, e.g. `1h`. @default '1h' */
  readonly from?: string;
  /** @default now */
  readonly endMs?: number;
  /** Sample cadence of the data (see {@link timeRange}). @default 15 */
  readonly scrapeIntervalSeconds?: number;
  /** Only these uids. @default every dashboard */
  readonly uids?: readonly string[];
  /** @default GENERATED_DASHBOARDS_DIR */
  readonly dashboardsDir?: string;
  /** The client (tests may pass their own). @default prometheusApi(prometheusUrl) */
  readonly api?: PrometheusApi;
}

/** What one dashboard page holds. */
export interface RenderedDashboard {
  readonly uid: string;
  readonly title: string;
  readonly file: string;
  /** Prometheus panels drawn. */
  readonly panels: number;
  /** Titles of Prometheus panels none of whose queries returned data. */
  readonly empty: readonly string[];
  /** `title: message` of queries Prometheus refused. */
  readonly errors: readonly string[];
}

/**
 * Runs every Prometheus panel query of the chosen dashboards over the range and writes the
 * pages. Panels of other data sources (CloudWatch) are shown as a note with their query.
 * @example await renderDashboards({ prometheusUrl: 'http://127.0.0.1:9090', from: '1h', outDir: 'out' })
 */
export async function renderDashboards(o: RenderOptions): Promise<RenderedDashboard[]> {
  const api = o.api ?? prometheusApi(o.prometheusUrl);
  const range = timeRange({
    from: o.from ?? '1h',
    ...(o.endMs !== undefined ? { endMs: o.endMs } : {}),
    ...(o.scrapeIntervalSeconds !== undefined ? { scrapeIntervalSeconds: o.scrapeIntervalSeconds } : {}),
  });
  const all = await loadGeneratedDashboards(o.dashboardsDir);
  const unknown = (o.uids ?? []).filter((uid) => !all.some((d) => d.uid === uid));
  if (unknown.length > 0)
    throw new Error(`unknown dashboard ${unknown.join(', ')} (known: ${all.map((d) => d.uid).join(', ')})`);
  const chosen = o.uids?.length ? all.filter((d) => o.uids?.includes(d.uid)) : all;
  // One cheap query first, so an unreachable Prometheus fails the run instead of every panel.
  await api.queryRange('vector(1)', range.endMs, range.endMs, range.stepSeconds);
  const source = o.prometheusUrl;
  const rendered: RenderedDashboard[] = [];
  for (const dashboard of chosen) {
    const variables = await resolveVariables(dashboard, api, range);
    const panels = await runDashboardQueries(dashboard, api, variables, range);
    const file = path.join(o.outDir, dashboard.uid, 'index.html');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, dashboardPage(dashboard, panels, { ...range, source, variables }));
    const prom = panels.filter((p) => p.kind === 'prometheus');
    rendered.push({
      uid: dashboard.uid,
      title: dashboard.title,
      file,
      panels: prom.length,
      empty: prom.filter((p) => !p.results.some(hasData)).map((p) => p.panel.title),
      errors: prom.flatMap((p) =>
        p.results.flatMap((r) => (r.error ? [`${p.panel.title}: ${r.error}`] : [])),
      ),
    });
  }
  await mkdir(o.outDir, { recursive: true });
  await writeFile(path.join(o.outDir, 'index.html'), indexPage(chosen, { ...range, source }));
  return rendered;
}
