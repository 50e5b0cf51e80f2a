import { describe, expect, it } from 'vitest';
import { functionsCalled, metricNames } from '#lib/rules/promql-metric-names';

describe('metricNames', () => {
  it.each([
    ['a bare selector', 'aiops_a', ['aiops_a']],
    [
      'a recording rule with colons',
      'aiops:slo_errors:ratio_rate5m / 0.01 > 14.4',
      ['aiops:slo_errors:ratio_rate5m'],
    ],
    [
      'functions, aggregations, label lists and matchers',
      'histogram_quantile(0.95, sum by (le, playbook_type) (rate(aiops_b_bucket{status=~"failed|timeout", le!="x"}[5m])))',
      ['aiops_b_bucket'],
    ],
    [
      'aggregation modifiers after the body, without and topk',
      'sum(rate(aiops_c[1h])) by (action) + topk without (x) (1, aiops_d)',
      ['aiops_c', 'aiops_d'],
    ],
    [
      'joins with on, ignoring and group_left',
      '(aiops_e > 90) * on (appliance_id) group_left (customer_id) topk by (appliance_id) (1, aiops_f == 1) / ignoring(le) aiops_g',
      ['aiops_e', 'aiops_f', 'aiops_g'],
    ],
    [
      'set operators, bool, offset, numbers and durations',
      'aiops_h and aiops_i unless aiops_j or vector(0) > bool 1e-9 + aiops_k offset 1h30m - 0x1f * Inf + NaN',
      ['aiops_h', 'aiops_i', 'aiops_j', 'aiops_k'],
    ],
    [
      'strings with braces and keywords inside',
      'label_replace(aiops_l, "dst", "sum by {x}", "src", "(.*)")',
      ['aiops_l'],
    ],
    ['__name__ matchers', '{__name__="aiops_m", job="x"} + {__name__=~"ignored.*"}', ['aiops_m']],
    [
      'subqueries and Grafana variables',
      'max_over_time(aiops_n[$__range:1m]) / aiops_o{x="$tenant"}',
      ['aiops_n', 'aiops_o'],
    ],
    ['comments', 'aiops_p # and aiops_q', ['aiops_p']],
    ['repeats once, sorted', 'aiops_z + aiops_a + aiops_z', ['aiops_a', 'aiops_z']],
  ])('reads %s', (_, expr, names) => {
    // Act / Assess
    expect(metricNames(expr)).toEqual(names);
  });
});

describe('functionsCalled', () => {
  it.each([
    ['nested calls', 'sum(rate(aiops_a[5m])) / sum(increase(aiops_b[1h]))', ['increase', 'rate', 'sum']],
    [
      'not label lists, strings or matchers',
      'sum by (le) (aiops_c{x="rate(y)"}) * on (a) group_left (b) aiops_d',
      ['sum'],
    ],
    ['an aggregation with its modifier first', 'sum by (x) (irate(aiops_e[1m]))', ['irate', 'sum']],
    ['none', 'aiops:slo_errors:ratio_rate5m > 0.1', []],
  ])('finds %s', (_, expr, names) => {
    // Act / Assess
    expect(functionsCalled(expr)).toEqual(names);
  });
});
