import { describe, expect, it } from 'vitest';
import { alertsOnCounterRates } from '#lib/rules/counter-rate-alerts';
import { parseRuleFile } from '#lib/rules/rule-file';
import { startsAbsent } from './promtool-cases.ts';

describe('alertsOnCounterRates', () => {
  it('finds rates read directly or through recording rules at any depth, and nothing else', () => {
    // Prepare: a:two reads a:one, which reads rate(); the cycle of b:x and b:y reads none
    const file = parseRuleFile(`
groups:
  - name: g
    rules:
      - record: a:one
        expr: sum(rate(aiops_requests_total[5m]))
      - record: a:two
        expr: a:one / 2
      - record: b:x
        expr: b:y
      - record: b:y
        expr: b:x + aiops_pipeline_lag_seconds
      - alert: Direct
        expr: sum(increase(aiops_feedback_total[1h])) > 1
      - alert: ThroughTwo
        expr: a:two > 1
      - alert: Gauge
        expr: aiops_appliance_online == 0
      - alert: Cycle
        expr: b:x > 1
`);
    // Act
    const onRates = alertsOnCounterRates(file);
    // Assess
    expect(onRates).toEqual(['Direct', 'ThroughTwo']);
  });
});

describe('startsAbsent', () => {
  it.each([
    ['_x10 0 8x20', true],
    ['_ _ 1 2', true],
    ['  _x3 1', true],
    ['0+1x10', false],
    ['7x60', false],
    ['1 _ 2', false],
  ])('%s → %s', (values, expected) => {
    // Act / Assess
    expect(startsAbsent(values)).toBe(expected);
  });
});
