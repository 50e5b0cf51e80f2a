import path from 'node:path';
import type { Command } from 'commander';

/** `aiops-obs dashboards render`: the Grafana dashboards as static HTML, from any Prometheus. */
export function registerDashboardsCommand(program: Command): void {
  const dashboards = program.command('dashboards').description('the Grafana dashboards, without Grafana');
  dashboards
    .command('render')
    .description(
      'run every Prometheus panel query of the generated dashboards and write static HTML pages (inline SVG)',
    )
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. http://127.0.0.1:9090')
    .requiredOption('--out <dir>', 'output directory (index.html and <uid>/index.html)')
    .option('--from <duration>', 'time range ending now, e.g. 15m, 1h, 2d', '1h')
    .option(
      '--scrape-interval <duration>',
      'how often samples arrive (the exporter cadence; 60s on AWS)',
      '15s',
    )
    .option('--dashboard <uid...>', 'only these dashboards (default: all)')
    .option('--dir <dir>', 'directory of the generated dashboard JSON (default: dashboards/generated)')
    .action(
      async (o: {
        prometheus: string;
        out: string;
        from: string;
        scrapeInterval: string;
        dashboard?: string[];
        dir?: string;
      }) => {
        const [{ renderDashboards }, { durationSeconds }] = await Promise.all([
          import('../dashboards-render/render-dashboards.ts'),
          import('../dashboards-render/time-range.ts'),
        ]);
        const outDir = path.resolve(o.out);
        const rendered = await renderDashboards({
          prometheusUrl: o.prometheus,
          outDir,
          from: o.from,
          scrapeIntervalSeconds: durationSeconds(o.scrapeInterval),
          ...(o.dashboard ? { uids: o.dashboard } : {}),
          ...(o.dir ? { dashboardsDir: path.resolve(o.dir) } : {}),
        });
        for (const d of rendered) {
          const notes = [
            d.empty.length ? `${d.empty.length} without data: ${d.empty.join('; ')}` : '',
            d.errors.length ? `${d.errors.length} failed: ${d.errors.join('; ')}` : '',
          ].filter(Boolean);
          process.stdout.write(
            `${path.relative(process.cwd(), d.file)}: ${d.title}, ${d.panels} panels${notes.length ? ` (${notes.join('; ')})` : ''}\n`,
          );
        }
        process.stdout.write(`open ${path.relative(process.cwd(), path.join(outDir, 'index.html'))}\n`);
      },
    );
}
