import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS, seriesNames } from '#domain/metrics/catalog';
import { DASHBOARDS } from '../../../dashboards/index.ts';
import { SLO_ERROR_RATIO } from '../../../dashboards/slo-rules.ts';
import { metricNames } from './promql-names.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES_FILE = path.join(ROOT, 'rules', 'aiops-rules.yml');

interface Query {
  readonly where: string;
  readonly expr: string;
}

/** Every PromQL text of every dashboard: panel targets and query variables. */
function everyQuery(): Query[] {
  const queries: Query[] = [];
  for (const [uid, build] of Object.entries(DASHBOARDS)) {
    const dashboard = build();
    for (const v of dashboard.templating.list ?? []) {
      if (v.type === 'query' && typeof v.query === 'string')
        queries.push({ where: `${uid} variable ${v.name}`, expr: v.query });
    }
    for (const panel of dashboard.panels ?? []) {
      if (!('targets' in panel)) continue;
      for (const target of panel.targets ?? []) {
        const expr = (target as { expr?: unknown }).expr;
        if (typeof expr === 'string') queries.push({ where: `${uid} "${panel.title}"`, expr });
      }
    }
  }
  return queries;
}

/** Names the rules file records (recording rules). */
function recordedNames(): Set<string> {
  const doc = parse(readFileSync(RULES_FILE, 'utf8')) as { groups?: { rules?: { record?: string }[] }[] };
  return new Set(
    (doc.groups ?? []).flatMap((g) => (g.rules ?? []).flatMap((r) => (r.record ? [r.record] : []))),
  );
}

const withoutComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('metric names in dashboard queries', () => {
  it('finds the names in a query, and none in labels, functions, durations or variables', () => {
    // Prepare
    const expr =
      'topk(10, histogram_quantile(0.95, sum by (le, playbook_type) (rate(aiops_a_bucket{status=~"x|y", le="0.5"}[$__range])))) or vector(0) / aiops:b:rate5m offset 5m > bool 1e-3';
    // Act
    const names = metricNames(expr);
    // Assess
    expect(names.sort()).toEqual(['aiops:b:rate5m', 'aiops_a_bucket']);
    expect(metricNames('label_values(aiops_c{customer_id=~"$tenant"}, appliance_id)')).toEqual(['aiops_c']);
  });

  it('reads only metrics of the catalog or recording rules of rules/aiops-rules.yml', () => {
    // Prepare
    const allowed = new Set([...Object.values(METRICS).flatMap((m) => seriesNames(m)), ...recordedNames()]);
    // Act
    const queries = everyQuery();
    const unknown = queries.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((n) => !allowed.has(n))
        .map((n) => `${where}: ${n}`),
    );
    const nameless = queries.filter(({ expr }) => metricNames(expr).length === 0).map((q) => q.where);
    // Assess
    expect(queries.length).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
    expect(nameless).toEqual([]);
  });

  it('uses every SLO recording rule the rules file records under the agreed names', () => {
    // Prepare
    const recorded = recordedNames();
    // Act
    const used = new Set(everyQuery().flatMap(({ expr }) => metricNames(expr)));
    // Assess
    for (const name of Object.values(SLO_ERROR_RATIO)) {
      expect(recorded, `rules/aiops-rules.yml records ${name}`).toContain(name);
      expect(used, `a dashboard reads ${name}`).toContain(name);
    }
  });

  it('never spells a metric name as a literal in the dashboard code (comments aside)', () => {
    // Prepare
    const dir = path.join(ROOT, 'dashboards');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    // Act
    const literals = sources.flatMap((f) =>
      [...withoutComments(readFileSync(path.join(dir, f), 'utf8')).matchAll(/aiops_[a-z_]+/g)].map(
        (m) => `${f}: ${m[0]}`,
      ),
    );
    // Assess
    expect(sources.length).toBeGreaterThan(5);
    expect(literals).toEqual([]);
  });
});
