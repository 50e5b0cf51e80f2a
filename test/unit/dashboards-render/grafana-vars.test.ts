import { describe, expect, it } from 'vitest';
import { parseDashboard } from '../../../lib/dashboards-render/dashboard-json.ts';
import { alternation, interpolate } from '../../../lib/dashboards-render/interpolate.ts';
import type { PrometheusApi } from '../../../lib/dashboards-render/prometheus-api.ts';
import { durationSeconds, timeRange } from '../../../lib/dashboards-render/time-range.ts';
import { labelValuesQuery, resolveVariables, selection } from '../../../lib/dashboards-render/variables.ts';

describe('time range and Grafana interval variables', () => {
  it('reads Prometheus durations and refuses anything else', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('2d')).toBe(172_800);
    expect(() => durationSeconds('1 hour')).toThrow("'1 hour' is not a duration");
    expect(() => durationSeconds('')).toThrow(RangeError);
  });

  it('computes $__interval, $__rate_interval and $__range as Grafana does', () => {
    // Act
    const hour = timeRange({ from: '1h', endMs: 7_200_000 });
    const short = timeRange({ from: '60s', endMs: 60_000, scrapeIntervalSeconds: 2 });
    const aws = timeRange({ from: '6h', endMs: 21_600_000, scrapeIntervalSeconds: 60 });
    // Assess
    expect(hour).toMatchObject({ startMs: 3_600_000, endMs: 7_200_000, stepSeconds: 18 });
    expect(hour.builtins).toMatchObject({ __interval: '18s', __rate_interval: '60s', __range: '3600s' });
    expect(short.builtins).toMatchObject({ __interval: '2s', __rate_interval: '8s', __range: '60s' });
    expect(aws.builtins).toMatchObject({ __interval: '108s', __rate_interval: '240s' });
  });
});

describe('variable substitution', () => {
  it('fills $var, {braced} and [[var]] forms, multi values as an escaped alternation', () => {
    // Act
    const text = interpolate(`x{a=~"$a", b="\${b}", c=~"[[c]]"}[$__rate_interval] $unknown`, {
      a: ['appl-dns-01', 'appl.mail'],
      b: 'one',
      c: ['only'],
      __rate_interval: '60s',
    });
    // Assess
    expect(text).toBe('x{a=~"(appl-dns-01|appl\\\\.mail)", b="one", c=~"only"}[60s] $unknown');
    expect(alternation([])).toBe('__no_value__');
  });

  it('takes label_values queries apart', () => {
    expect(labelValuesQuery('label_values(up{job="x"}, instance)')).toEqual({
      label: 'instance',
      selector: 'up{job="x"}',
    });
    expect(labelValuesQuery({ query: 'label_values(job)' })).toEqual({
      label: 'job',
      selector: '{__name__=~".+"}',
    });
    expect(labelValuesQuery('query_result(up)')).toBeUndefined();
  });

  it('selects every value for All, else the current value', () => {
    const found = ['a', 'b'];
    expect(
      selection({ name: 'v', type: 'query', includeAll: true, current: { value: '$__all' } }, found),
    ).toEqual(found);
    expect(selection({ name: 'v', type: 'query', includeAll: true }, found)).toEqual(found);
    expect(selection({ name: 'v', type: 'query', multi: true, current: { value: ['b'] } }, found)).toEqual([
      'b',
    ]);
    expect(selection({ name: 'v', type: 'query', current: { value: 'b' } }, found)).toBe('b');
    expect(selection({ name: 'v', type: 'query' }, found)).toBe('a');
  });

  it('resolves chained query variables in order, each using the ones before', async () => {
    // Prepare
    const asked: string[] = [];
    const api: PrometheusApi = {
      queryRange: async () => [],
      labelValues: async (label, selector) => {
        asked.push(`${label} ${selector}`);
        return label === 'customer_id' ? ['t2', 't1'] : ['a1'];
      },
    };
    const dashboard = parseDashboard(
      {
        uid: 'u',
        title: 't',
        panels: [],
        templating: {
          list: [
            { name: 'tenant', type: 'query', includeAll: true, query: 'label_values(m, customer_id)' },
            {
              name: 'appliance',
              type: 'query',
              includeAll: true,
              query: 'label_values(m{customer_id=~"$tenant"}, appliance_id)',
            },
            { name: 'region', type: 'constant', query: 'eu-west-1' },
            { name: 'datasource', type: 'datasource', query: 'prometheus' },
          ],
        },
      },
      'test.json',
    );
    // Act
    const values = await resolveVariables(dashboard, api, {
      startMs: 0,
      endMs: 1,
      builtins: { __range: '1s' },
    });
    // Assess
    expect(asked).toEqual(['customer_id m', 'appliance_id m{customer_id=~"(t1|t2)"}']);
    expect(values).toEqual({ __range: '1s', tenant: ['t1', 't2'], appliance: ['a1'], region: 'eu-west-1' });
  });

  it('refuses a file that is not a dashboard, saying where', () => {
    expect(() => parseDashboard({ uid: 'x', panels: 'no' }, 'bad.json')).toThrow(
      /^bad\.json is not a dashboard/,
    );
  });
});
