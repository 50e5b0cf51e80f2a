/**
 * The dashboards on real data: the demo workload (a burst, then live traffic with heartbeats
 * and feedback) through the local stack and its stream pipeline, remote-written every second
 * into a real Prometheus that evaluates dashboards/rules/aiops-rules.yml; then every Prometheus query
 * of every generated dashboard must run and return data, and the renderer must draw them.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerDashboardsCommand } from '../../../lib/cli/dashboards-command.ts';
import { panelKind } from '../../../lib/dashboards-render/dashboard-json.ts';
import { esc } from '../../../lib/dashboards-render/escape.ts';
import { prometheusApi } from '../../../lib/dashboards-render/prometheus-api.ts';
import { loadGeneratedDashboards } from '../../../lib/dashboards-render/render-dashboards.ts';
import { hasData, prometheusQueries, runQuery } from '../../../lib/dashboards-render/run-queries.ts';
import { timeRange } from '../../../lib/dashboards-render/time-range.ts';
import { resolveVariables } from '../../../lib/dashboards-render/variables.ts';
import { seededRandom } from '../../../lib/demo/random.ts';
import { runDemo, runDemoBurst } from '../../../lib/demo/run-demo.ts';
import { RULES_FILE } from '../../../lib/rules/rule-file.ts';
import { startTestApi, type TestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';

/** How often the local stack remote-writes (the "scrape interval" the queries assume). */
const EXPORT_SECONDS = 2;
const LIVE_MS = 25_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPrometheus('the dashboards on data from the demo workload', () => {
  let prometheus: RunningPrometheus;
  let api: TestApi;
  let startedMs: number;
  let endMs: number;

  beforeAll(async () => {
    prometheus = await startPrometheus({ ruleFiles: [RULES_FILE], evaluationIntervalSeconds: 1 });
    startedMs = Date.now();
    api = await startTestApi(
      {
        PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
        METRICS_INTERVAL_SECONDS: String(EXPORT_SECONDS),
      },
      { pipeline: true },
    );
    const target = { url: api.url, apiKey: api.devKey, appliances: 6 };
    await runDemoBurst({ ...target, decisions: 120, spanMinutes: 5, random: seededRandom(42) });
    const stop = new AbortController();
    const live = runDemo({
      ...target,
      decisionsPerMinute: 240,
      heartbeatIntervalMs: 1_000,
      signal: stop.signal,
      random: seededRandom(7),
    });
    await sleep(LIVE_MS);
    stop.abort();
    await live;
    await api.pipeline?.drained(30_000);
    // Two more exports and rule evaluations after the last write.
    await sleep(3 * EXPORT_SECONDS * 1000);
    endMs = Date.now();
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await prometheus?.stop();
  });

  const window = () =>
    timeRange({
      from: `${Math.ceil((endMs - startedMs) / 1000)}s`,
      endMs,
      scrapeIntervalSeconds: EXPORT_SECONDS,
    });

  it('answers every Prometheus panel query of every dashboard with data', async () => {
    // Prepare
    const client = prometheusApi(prometheus.url);
    const range = window();
    const failures: string[] = [];
    let queries = 0;
    // Act
    for (const dashboard of await loadGeneratedDashboards()) {
      const values = await resolveVariables(dashboard, client, range);
      if (dashboard.uid === 'aiops-appliance-health') {
        expect(values.tenant).toEqual(['local']);
        expect(values.appliance).toHaveLength(6);
      }
      for (const query of prometheusQueries(dashboard)) {
        queries++;
        const result = await runQuery(client, query, values, range);
        if (result.error || !hasData(result))
          failures.push(
            `${dashboard.uid} "${query.panel.title}" ${result.refId}: ${result.error ?? 'no data'}\n    ${result.expr}`,
          );
      }
    }
    // Assess
    expect(queries).toBeGreaterThan(60);
    expect(failures, `queries without data or with errors:\n${failures.join('\n')}`).toEqual([]);
  });

  it('renders every dashboard to static HTML with aiops-obs dashboards render', async () => {
    // Prepare
    const out = await mkdtemp(path.join(tmpdir(), 'dashboards-render-'));
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const program = new Command('aiops-obs').exitOverride();
    registerDashboardsCommand(program);
    const range = window();
    try {
      // Act
      process.stdout.write = ((chunk: unknown) =>
        printed.push(String(chunk)) > 0) as typeof process.stdout.write;
      await program.parseAsync(
        [
          'dashboards',
          'render',
          '--prometheus',
          prometheus.url,
          '--from',
          range.builtins.__range as string,
          '--scrape-interval',
          `${EXPORT_SECONDS}s`,
          '--out',
          out,
        ],
        { from: 'user' },
      );
      process.stdout.write = write;
      const dashboards = await loadGeneratedDashboards();
      // Assess
      expect((await readdir(out)).sort()).toEqual([...dashboards.map((d) => d.uid), 'index.html'].sort());
      const index = await readFile(path.join(out, 'index.html'), 'utf8');
      for (const dashboard of dashboards) {
        const html = await readFile(path.join(out, dashboard.uid, 'index.html'), 'utf8');
        expect(index).toContain(`href="${dashboard.uid}/index.html"`);
        expect(printed.join('')).toContain(`${dashboard.uid}/index.html: ${dashboard.title}`);
        expect(html).toContain(`<h1>${dashboard.title}</h1>`);
        expect(html.match(/<svg /g)?.length ?? 0).toBeGreaterThan(0);
        expect(html).not.toMatch(/<script|<link|src=|url\(|href="https?:/);
        expect(html).not.toContain('class="error"');
        for (const panel of dashboard.panels.filter((p) => panelKind(p) !== 'row')) {
          const start = html.indexOf(`id="panel-${panel.id}"`);
          const section = html.slice(start, html.indexOf('</section>', start));
          expect(start, `${dashboard.uid} panel ${panel.id}`).toBeGreaterThan(0);
          expect(section).toContain(`>${esc(panel.title)}</h3>`);
          if (panelKind(panel) === 'cloudwatch') expect(section).toContain('Not rendered here: CloudWatch');
          else expect(section).toMatch(/<svg |<table |class="stat"|class="nodata"/);
        }
      }
    } finally {
      process.stdout.write = write;
      await rm(out, { recursive: true, force: true });
    }
  });
});
