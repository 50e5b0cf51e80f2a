import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRICS, seriesNames } from '#domain/metrics/catalog';
import { DASHBOARDS } from '../../../dashboards/index.ts';
import { SLO_ERROR_RATIO } from '../../../dashboards/slo-rules.ts';
import { labelValuesQuery } from '../../../lib/dashboards-render/variables.ts';
import { metricNames } from '../../../lib/rules/promql-metric-names.ts';
import { loadRuleFile } from '../../../lib/rules/rule-file.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

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
      const labelValues = v.type === 'query' ? labelValuesQuery(v.query) : undefined;
      if (labelValues) queries.push({ where: `${uid} variable ${v.name}`, expr: labelValues.selector });
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
  return new Set(
    loadRuleFile().groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))),
  );
}

const withoutComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('metric names in dashboard queries', () => {
  it('reads only metrics of the catalog or recording rules of dashboards/rules/aiops-rules.yml', () => {
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
    expect(queries.length).toBeGreaterThan(60);
    expect(queries.filter((q) => q.where.includes('variable')).map((q) => q.expr)).toContain(
      'aiops_appliance_online{customer_id=~"$tenant"}',
    );
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
      expect(recorded, `dashboards/rules/aiops-rules.yml records ${name}`).toContain(name);
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
