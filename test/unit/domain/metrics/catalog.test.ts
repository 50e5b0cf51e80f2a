import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundLabel,
  DECISION_METRICS,
  MAX_LABEL_VALUE_LENGTH,
  METRICS,
  type MetricDefinition,
  metricByName,
  parseSeriesKey,
  seriesKey,
  seriesNames,
} from '#domain/metrics/catalog';

/** DESIGN.md §6, copied by hand: the names, types, labels and buckets existing queries rely on. */
const DESIGN_TABLE: ReadonlyArray<readonly [string, string, string[], number[]?]> = [
  ['aiops_requests_total', 'counter', ['action', 'status']],
  ['aiops_llm_parse_duration_seconds', 'histogram', ['model'], [0.1, 0.5, 1, 2, 5, 10]],
  ['aiops_llm_confidence_score', 'histogram', ['action'], [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]],
  ['aiops_llm_tokens_total', 'counter', ['model', 'type']],
  [
    'aiops_ansible_execution_duration_seconds',
    'histogram',
    ['playbook_type', 'status'],
    [1, 5, 10, 30, 60, 120],
  ],
  ['aiops_ansible_tasks_total', 'counter', ['playbook_type', 'status']],
  ['aiops_feedback_total', 'counter', ['rating']],
  ['aiops_appliance_online', 'gauge', ['appliance_id', 'customer_id']],
  ['aiops_appliance_last_heartbeat_timestamp', 'gauge', ['appliance_id', 'customer_id']],
  ['aiops_appliance_cpu_percent', 'gauge', ['appliance_id', 'customer_id']],
  ['aiops_appliance_memory_percent', 'gauge', ['appliance_id', 'customer_id']],
  ['aiops_appliance_disk_percent', 'gauge', ['appliance_id', 'customer_id']],
  ['aiops_appliance_service_up', 'gauge', ['appliance_id', 'customer_id', 'service']],
  ['aiops_api_response_time_seconds', 'histogram', ['endpoint', 'method', 'status_code']],
];
/** Added after the design (names only added, never changed): pipeline health, intent agreement, export health, label bounds. */
const ADDED_TABLE: ReadonlyArray<readonly [string, string, string[]]> = [
  ['aiops_pipeline_lag_seconds', 'gauge', ['consumer']],
  ['aiops_pipeline_dead_letters', 'gauge', ['queue']],
  ['aiops_intent_verdicts_total', 'counter', ['action', 'verdict']],
  ['aiops_exporter_dropped_series_total', 'counter', ['reason']],
  ['aiops_label_values_folded_total', 'counter', ['customer_id', 'metric', 'label']],
];
const DESIGN_LABEL_VALUES: Record<string, Record<string, string[]>> = {
  aiops_requests_total: { status: ['success', 'failed', 'timeout'] },
  aiops_llm_tokens_total: { type: ['input', 'output'] },
  aiops_ansible_tasks_total: { status: ['ok', 'changed', 'failed', 'skipped', 'unreachable'] },
};

const catalog: MetricDefinition[] = Object.values(METRICS);

describe('metrics catalog', () => {
  it('holds exactly the metrics of DESIGN.md §6 with their types, labels and buckets, then the added ones', () => {
    // Act
    const table = catalog.map((m) => [m.name, m.type, [...m.labels]]);
    // Assess
    expect(table).toEqual(
      [...DESIGN_TABLE, ...ADDED_TABLE].map(([name, type, labels]) => [name, type, labels]),
    );
    for (const [name, , , buckets] of DESIGN_TABLE)
      if (buckets) expect(metricByName(name)?.buckets, name).toEqual(buckets);
  });

  it('gives every histogram ascending buckets and nothing else any', () => {
    for (const m of catalog) {
      if (m.type !== 'histogram') expect(m.buckets, m.name).toBeUndefined();
      else
        expect(
          [...(m.buckets ?? [])].sort((a, b) => a - b),
          m.name,
        ).toEqual(m.buckets);
      expect(m.help.length, m.name).toBeGreaterThan(10);
    }
    expect(METRICS.apiResponseTimeSeconds.buckets.length).toBeGreaterThan(3);
  });

  it('enumerates the label values the design enumerates', () => {
    for (const [name, values] of Object.entries(DESIGN_LABEL_VALUES))
      expect(metricByName(name)?.labelValues, name).toEqual(values);
  });

  it('lists the series names a metric is stored under', () => {
    expect(seriesNames(METRICS.feedbackTotal)).toEqual(['aiops_feedback_total']);
    expect(seriesNames(METRICS.llmConfidenceScore)).toEqual(
      ['_bucket', '_sum', '_count'].map((s) => `aiops_llm_confidence_score${s}`),
    );
    expect(DECISION_METRICS.map((m) => m.name)).toEqual([
      ...DESIGN_TABLE.slice(0, 7).map(([name]) => name),
      'aiops_intent_verdicts_total',
    ]);
    expect(metricByName('aiops_nope')).toBeUndefined();
  });
});

describe('seriesKey', () => {
  it('sorts labels and escapes values as the Prometheus text format does', () => {
    // Act
    const key = seriesKey(METRICS.requestsTotal, { status: 'failed', action: 'a"b\\c\nd' });
    // Assess
    expect(key).toBe('aiops_requests_total{action="a\\"b\\\\c\\nd",status="failed"}');
    expect(seriesKey('aiops_x')).toBe('aiops_x');
  });

  it('round-trips any label values, commas, braces and quotes included', () => {
    const labels = fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.string({ unit: 'binary' }), {
      maxKeys: 5,
    });
    fc.assert(
      fc.property(labels, (l) => {
        const key = seriesKey('aiops_test_metric', l);
        const parsed = parseSeriesKey(key);
        expect(parsed).toEqual({ name: 'aiops_test_metric', labels: l });
        expect(seriesKey(parsed.name, parsed.labels)).toBe(key);
      }),
    );
  });

  it('names the metric and the label when labels do not match the catalog', () => {
    const missing = { action: 'x' } as unknown as { action: string; status: string };
    expect(() => seriesKey(METRICS.requestsTotal, missing)).toThrow(
      'aiops_requests_total: missing label status',
    );
    const extra = { rating: 'thumbs_up', trace_id: '1' } as { rating: string };
    expect(() => seriesKey(METRICS.feedbackTotal, extra)).toThrow('unexpected label trace_id');
    expect(() => seriesKey('aiops_x', { 'bad-name': 'v' })).toThrow('invalid label name "bad-name"');
    expect(() => seriesKey('1abc')).toThrow('invalid metric name');
  });

  it('refuses malformed keys with the position', () => {
    for (const bad of [
      '',
      'a{',
      'a{b="1"',
      'a{b=1}',
      'a{b="1"c="2"}',
      'a{b="\\x"}',
      'a{b="1"}x',
      'a{b="1",b="2"}',
    ])
      expect(() => parseSeriesKey(bad), bad).toThrow(/series key .* at position \d+/);
  });
});

describe('boundLabel', () => {
  it('maps absent, empty and non-scalar values to unknown and keeps short names', () => {
    for (const v of [undefined, null, '', {}, [], Number.NaN]) expect(boundLabel(v)).toBe('unknown');
    expect(boundLabel('dns.add_record')).toBe('dns.add_record');
    expect(boundLabel(404)).toBe('404');
  });

  it('cuts long values to the limit in code points, never inside a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const bounded = boundLabel(s);
        expect(Array.from(bounded).length).toBeLessThanOrEqual(MAX_LABEL_VALUE_LENGTH);
        expect(bounded.isWellFormed()).toBe(true);
        if (s !== '') expect(s.startsWith(bounded)).toBe(true);
      }),
    );
    expect(boundLabel('😀'.repeat(200))).toBe('😀'.repeat(MAX_LABEL_VALUE_LENGTH));
  });
});
