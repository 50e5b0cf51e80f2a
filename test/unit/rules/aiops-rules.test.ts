import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, seriesNames } from '#domain/metrics/catalog';
import {
  ALERT_SEVERITIES,
  isAlertSeverity,
  REQUIRED_ANNOTATIONS,
  RUNBOOKS_DIR,
  runbookPath,
} from '#lib/rules/alert-conventions';
import { alertsOnCounterRates } from '#lib/rules/counter-rate-alerts';
import { metricNames } from '#lib/rules/promql-metric-names';
import { alertingRules, loadRuleFile, recordingRules } from '#lib/rules/rule-file';
import { DASHBOARD_UIDS } from '../../../dashboards/index.ts';
import { SLO_ERROR_RATIO } from '../../../dashboards/slo-rules.ts';
import { promtoolCases } from './promtool-cases.ts';

const ROOT = join(import.meta.dirname, '../../..');
const file = loadRuleFile();
const alerts = alertingRules(file);
const recorded = recordingRules(file).map((r) => r.record);
const cases = promtoolCases();

/**
 * DESIGN.md §7, item by item, hand-copied, with the alerts that implement each (and the
 * severity the design fixes, where it fixes one).
 */
const DESIGN_ALERTS: Record<string, { alerts: string[]; severity?: string }> = {
  'error rate > 10% for 5m': { alerts: ['DecisionErrorRateHigh'] },
  '> 10 decisions with confidence < 0.5 in 1h': { alerts: ['LowConfidenceDecisions'] },
  '> 5 failed executions in 10m': { alerts: ['AnsibleExecutionFailuresHigh'] },
  'execution p95 > 60s for 5m': { alerts: ['AnsibleExecutionSlow'] },
  'a playbook type failing 3 times in a row': { alerts: ['PlaybookTypeFailingRepeatedly'] },
  'appliance offline > 10m': { alerts: ['ApplianceOffline'] },
  'CPU or memory > 90% for 5m': { alerts: ['ApplianceCpuHigh', 'ApplianceMemoryHigh'] },
  'disk > 85%': { alerts: ['ApplianceDiskHigh'] },
  'a service down': { alerts: ['ApplianceServiceDown'] },
  'API p95 > 5s': { alerts: ['ApiLatencyHigh'] },
  'pipeline lag or dead letters': { alerts: ['PipelineLagHigh', 'PipelineDeadLetters'] },
  'burn rate 14.4x over 5m and 1h (critical)': {
    alerts: ['DecisionErrorBudgetBurnFast'],
    severity: 'critical',
  },
  'burn rate 6x over 30m and 6h (warning)': { alerts: ['DecisionErrorBudgetBurnSlow'], severity: 'warning' },
};

/** The series names an expression may read: catalog series (histograms expanded) and recorded names. */
const KNOWN_SERIES = new Set([...Object.values(METRICS).flatMap((m) => seriesNames(m)), ...recorded]);

describe('dashboards/rules/aiops-rules.yml alerts', () => {
  it('have unique names', () => {
    // Act
    const names = alerts.map((a) => a.alert);

    // Assess
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))(
    '%s has a severity, annotations, runbook and dashboard',
    (name, alert) => {
      // Act
      const annotations = alert.annotations ?? {};

      // Assess
      expect(ALERT_SEVERITIES).toContain(alert.labels?.severity);
      expect(isAlertSeverity(alert.labels?.severity)).toBe(true);
      for (const key of REQUIRED_ANNOTATIONS) expect(annotations[key]?.trim(), key).toBeTruthy();
      expect(annotations.runbook_url).toBe(runbookPath(name));
      expect(existsSync(join(ROOT, annotations.runbook_url ?? '-'))).toBe(true);
      expect(Object.values(DASHBOARD_UIDS)).toContain(annotations.dashboard);
    },
  );

  it.each(alerts.map((a) => [a.alert]))('%s fires in a promtool case and stays quiet in another', (name) => {
    // Assess
    expect(cases.firing.get(name) ?? [], 'firing cases').not.toEqual([]);
    expect(cases.quiet.get(name) ?? [], 'quiet cases').not.toEqual([]);
  });

  it.each(alertsOnCounterRates(file).map((a) => [a]))(
    '%s (built on rate or increase) fires in a promtool case whose series all start absent',
    (name) => {
      // Assess: a new series (nothing, then 0, then its total) must fire it, not only one from 0
      expect(cases.firingFromAbsent.get(name) ?? [], 'firing cases from absent series').not.toEqual([]);
    },
  );

  it('are found built on rate or increase through the recording rules they read', () => {
    // Act
    const onRates = alertsOnCounterRates(file);

    // Assess: directly, through one recording rule, through two; not the gauge alerts
    expect(onRates).toEqual(
      expect.arrayContaining([
        'AnsibleExecutionFailuresHigh',
        'DecisionErrorRateHigh',
        'DecisionErrorBudgetBurnFast',
        'PlaybookTypeFailingRepeatedly',
      ]),
    );
    expect(onRates).not.toContain('ApplianceOffline');
    expect(onRates).not.toContain('PipelineLagHigh');
  });

  it('cover every alert of DESIGN.md §7, and nothing else', () => {
    // Prepare
    const defined = new Map(alerts.map((a) => [a.alert, a]));

    // Act
    const missing = Object.entries(DESIGN_ALERTS).flatMap(([item, { alerts: names }]) =>
      names.filter((n) => !defined.has(n)).map((n) => `${item}: ${n}`),
    );
    const unlisted = [...defined.keys()].filter(
      (n) => !Object.values(DESIGN_ALERTS).some(({ alerts: names }) => names.includes(n)),
    );
    const wrongSeverity = Object.values(DESIGN_ALERTS).flatMap(({ alerts: names, severity }) =>
      names.filter((n) => severity && defined.get(n)?.labels?.severity !== severity),
    );

    // Assess
    expect(missing).toEqual([]);
    expect(unlisted).toEqual([]);
    expect(wrongSeverity).toEqual([]);
  });
});

describe('dashboards/rules/aiops-rules.yml expressions', () => {
  it('read only catalog metrics (histograms as _bucket, _sum, _count) and recording rules of the file', () => {
    // Prepare
    const rules = file.groups.flatMap((g) => g.rules);

    // Act
    const unknown = rules.flatMap((r) =>
      metricNames(r.expr)
        .filter((n) => !KNOWN_SERIES.has(n))
        .map((n) => `${'alert' in r ? r.alert : r.record}: ${n}`),
    );
    const nameless = rules.filter((r) => metricNames(r.expr).length === 0);

    // Assess
    expect(unknown).toEqual([]);
    expect(nameless).toEqual([]);
  });

  it('record the SLO error ratio under the names the dashboards read', () => {
    // Assess
    expect(recorded).toEqual(expect.arrayContaining(Object.values(SLO_ERROR_RATIO)));
  });

  it('have every recording rule evaluated by a promtool case', () => {
    // Act
    const tested = new Set(cases.expressions.flatMap((e) => metricNames(e)));

    // Assess
    expect(recorded.filter((r) => !tested.has(r))).toEqual([]);
  });

  it('are what every promtool test file loads', () => {
    // Assess
    expect(cases.files.length).toBeGreaterThan(0);
    for (const f of cases.files) expect(cases.ruleFiles[f], f).toEqual(['../aiops-rules.yml']);
  });
});

describe('runbooks', () => {
  const SECTIONS = [
    '## What it means',
    '## How it is computed',
    '## Likely causes',
    '## First checks',
    '## How to resolve',
    '## When it resolves',
  ];
  const dir = join(ROOT, RUNBOOKS_DIR);

  it.each(alerts.map((a) => [a.alert]))('%s has every section, titled with its name', (name) => {
    // Act
    const text = readFileSync(join(ROOT, runbookPath(name)), 'utf8');

    // Assess
    expect(text.startsWith(`# ${name}\n`)).toBe(true);
    for (const section of SECTIONS) expect(text, section).toContain(`\n${section}\n`);
  });

  it('exist only for alerts of the rule file, and the index lists every alert', () => {
    // Prepare
    const expected = alerts.map((a) => runbookPath(a.alert).slice(RUNBOOKS_DIR.length + 1)).sort();

    // Act
    const present = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');
    const index = readFileSync(join(dir, 'README.md'), 'utf8');

    // Assess
    expect(present.sort()).toEqual(expected);
    for (const a of alerts) expect(index).toContain(`| ${a.alert} | ${a.labels?.severity} |`);
  });
});
