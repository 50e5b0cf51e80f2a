import { describe, expect, it } from 'vitest';
import { DASHBOARD_UIDS, DASHBOARDS, setConstantVariables } from '../../../dashboards/index.ts';
import { LOG_GROUP_VARIABLES, xrayExploreUrl } from '../../../dashboards/trace-links.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read the generated JSON loosely
type Json = any;

const build = (uid: string): Json => (DASHBOARDS[uid] as () => Json)();
const panels = (uid: string): Json[] => build(uid).panels.filter((p: Json) => p.type !== 'row');
const titles = (uid: string): string[] => panels(uid).map((p) => p.title);
const variable = (uid: string, name: string): Json =>
  build(uid).templating.list.find((v: Json) => v.name === name);

describe('dashboards', () => {
  it('are the five of DESIGN §7 under their fixed uids', () => {
    // Act
    const uids = Object.keys(DASHBOARDS).sort();
    // Assess
    expect(uids).toEqual([
      'aiops-ansible-execution',
      'aiops-appliance-health',
      'aiops-decision-quality',
      'aiops-slo',
      'aiops-system-overview',
    ]);
    expect(Object.values(DASHBOARD_UIDS).sort()).toEqual(uids);
    for (const uid of uids) expect(build(uid).uid).toBe(uid);
  });

  it('have every panel DESIGN §7 lists', () => {
    // Assess (a title per listed panel; AI Decision Quality also shows intent agreement)
    expect(titles(DASHBOARD_UIDS.decisionQuality)).toEqual(
      expect.arrayContaining([
        'Queries per minute',
        'Success rate',
        'Confidence distribution',
        'Low-confidence decisions (< 0.5), latest 50',
        'Feedback split',
        'Top actions',
        'Intent agreement by action',
      ]),
    );
    expect(titles(DASHBOARD_UIDS.ansibleExecution)).toEqual(
      expect.arrayContaining([
        'Runs',
        'Duration p50 / p95 / p99',
        'Success vs failed',
        'Tasks by status',
        'Errors: failed runs per minute by playbook type',
        'Failed executions, latest 50',
        'Slowest playbook types (p95)',
      ]),
    );
    expect(titles(DASHBOARD_UIDS.applianceHealth)).toEqual(
      expect.arrayContaining([
        'Online / offline',
        'Time since last heartbeat',
        'CPU',
        'Memory',
        'Disk',
        'Service status',
      ]),
    );
    expect(titles(DASHBOARD_UIDS.systemOverview)).toEqual(
      expect.arrayContaining([
        'API requests by endpoint',
        'API latency p50 / p95 / p99',
        'API error rate',
        'Pipeline lag',
        'Dead letters',
      ]),
    );
    expect(titles(DASHBOARD_UIDS.slo)).toEqual(
      expect.arrayContaining(['Decision success, 30 days', 'Error budget left', 'Burn rate by window']),
    );
  });

  it('number panels uniquely and keep them inside the 24-column grid without overlap', () => {
    for (const uid of Object.keys(DASHBOARDS)) {
      // Act
      const all: Json[] = build(uid).panels;
      const cells = new Set<string>();
      // Assess
      expect(all.map((p) => p.id)).toEqual(all.map((_, i) => i + 1));
      for (const { gridPos: g, title } of all) {
        expect(g.x + g.w, `${uid} ${title}`).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++)
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${uid} ${title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
      }
    }
  });

  it('query Prometheus through the datasource variable, whose default is the provisioned uid', () => {
    for (const uid of Object.keys(DASHBOARDS)) {
      // Act
      const ds = variable(uid, 'datasource');
      const prometheusPanels = panels(uid).filter((p) => p.datasource.type === 'prometheus');
      // Assess
      expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus', current: { value: 'aiops-amp' } });
      expect(prometheusPanels.length).toBeGreaterThan(5);
      for (const p of prometheusPanels) {
        expect(p.datasource.uid).toBe(`\${datasource}`);
        expect(p.description, `${uid} ${p.title}`).toBeTruthy();
        expect(p.targets.map((t: Json) => t.refId)).toEqual(
          p.targets.map((_: Json, i: number) => 'ABC'[i] ?? 'D'),
        );
      }
    }
  });

  it('let Appliance Health pick tenants and appliances, and filter every panel by them', () => {
    // Act
    const tenant = variable(DASHBOARD_UIDS.applianceHealth, 'tenant');
    const appliance = variable(DASHBOARD_UIDS.applianceHealth, 'appliance');
    const exprs = panels(DASHBOARD_UIDS.applianceHealth).flatMap((p) => p.targets.map((t: Json) => t.expr));
    // Assess
    expect(tenant).toMatchObject({
      type: 'query',
      multi: true,
      includeAll: true,
      query: 'label_values(aiops_appliance_online, customer_id)',
    });
    expect(appliance.query).toBe(
      'label_values(aiops_appliance_online{customer_id=~"$tenant"}, appliance_id)',
    );
    expect(appliance.allValue).toBeUndefined();
    for (const expr of exprs) expect(expr).toContain('appliance_id=~"$appliance"');
  });

  it('tell tenants apart on Appliance Health: every appliance series filtered and named by customer_id', () => {
    // Prepare: two tenants may call an appliance by the same id
    const targets = panels(DASHBOARD_UIDS.applianceHealth).flatMap((p) => p.targets as Json[]);
    const selectors = targets.flatMap((t) => [
      ...String(t.expr).matchAll(/aiops_appliance_\w+(\{[^}]*\})?/g),
    ]);

    // Act
    const unfiltered = selectors
      .map((m) => m[0])
      .filter((s) => !s.includes('customer_id=~"$tenant"') || !s.includes('appliance_id=~"$appliance"'));
    const unnamed = targets
      .map((t) => String(t.legendFormat ?? ''))
      .filter((legend) => legend.includes('{{appliance_id}}') && !legend.includes('{{customer_id}}'));

    // Assess
    expect(selectors.length).toBeGreaterThan(10);
    expect(unfiltered).toEqual([]);
    expect(unnamed).toEqual([]);
  });

  it('link each decision and failed execution row to its X-Ray trace', () => {
    for (const [uid, logGroup, traceField, line] of [
      [
        DASHBOARD_UIDS.decisionQuality,
        LOG_GROUP_VARIABLES['ingest-decisions'],
        'xrayTraceId',
        'decision recorded',
      ],
      [
        DASHBOARD_UIDS.ansibleExecution,
        LOG_GROUP_VARIABLES['ingest-execution'],
        'xray_trace_id',
        'execution recorded',
      ],
    ] as const) {
      // Act
      const table = panels(uid).find((p) => p.datasource.type === 'cloudwatch');
      const [query] = table.targets;
      const traceLinks = table.fieldConfig.overrides
        .find((o: Json) => o.matcher.options === traceField)
        .properties.find((p: Json) => p.id === 'links').value;
      // Assess
      expect(table.type).toBe('table');
      expect(variable(uid, 'cloudwatch').current.value).toBe('aiops-cloudwatch');
      expect(variable(uid, 'xray').current.value).toBe('aiops-xray');
      expect(query).toMatchObject({ queryMode: 'Logs', logGroups: [{ arn: `$${logGroup}` }] });
      expect(query.expression).toContain(traceField);
      expect(query.expression).toContain(`message = "${line}"`);
      expect(traceLinks.map((l: Json) => l.url)).toEqual([
        xrayExploreUrl(),
        `https://\${aws_region}.console.aws.amazon.com/cloudwatch/home?region=\${aws_region}#xray:traces/\${__value.raw}`,
      ]);
    }
  });

  it('open the trace in the X-Ray data source the variable names', () => {
    // Act
    const url = xrayExploreUrl();
    const panes = JSON.parse(
      decodeURIComponent(url.slice(url.indexOf('panes=') + 6))
        .replaceAll(`\${xray}`, 'aiops-xray')
        .replaceAll(`\${__value.raw}`, '1-5759e988-bd862e3fe1be46a994272793'),
    );
    // Assess
    expect(url).toMatch(/^\/explore\?schemaVersion=1&panes=/);
    expect(panes.trace.queries[0]).toEqual({
      refId: 'A',
      datasource: { type: 'grafana-x-ray-datasource', uid: 'aiops-xray' },
      queryType: 'getTrace',
      query: '1-5759e988-bd862e3fe1be46a994272793',
    });
  });

  it('take the deployed log group and region through setConstantVariables, refusing unknown names', () => {
    // Prepare
    const dashboard = build(DASHBOARD_UIDS.decisionQuality);
    // Act
    const set = setConstantVariables(dashboard, {
      decisions_log_group: 'aiops-api-IngestDecisionsLogs',
      aws_region: 'eu-west-1',
    });
    // Assess
    expect(set.templating.list.find((v: Json) => v.name === 'decisions_log_group')).toMatchObject({
      query: 'aiops-api-IngestDecisionsLogs',
      current: { value: 'aiops-api-IngestDecisionsLogs' },
    });
    expect(dashboard.templating.list.find((v: Json) => v.name === 'aws_region').query).toBe('us-east-1');
    expect(() => setConstantVariables(dashboard, { nope: 'x' })).toThrow("no constant variable 'nope'");
  });
});
