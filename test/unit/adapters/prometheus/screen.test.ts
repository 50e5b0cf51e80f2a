import { describe, expect, it } from 'vitest';
import { screenSamples } from '#adapters/prometheus/screen';
import type { MetricMetadataMap, SeriesSample } from '#adapters/prometheus/series';

const metadata: MetricMetadataMap = {
  aiops_requests_total: { type: 'counter', help: 'requests' },
  aiops_appliance_cpu_percent: { type: 'gauge', help: 'cpu' },
  aiops_llm_parse_duration_seconds: { type: 'histogram', help: 'parse time' },
};
const sample = (over: Partial<SeriesSample> = {}): SeriesSample => ({
  name: 'aiops_requests_total',
  labels: { action: 'dns.add_record', status: 'success' },
  value: 3,
  timestampMs: 1_000,
  ...over,
});
const good = sample({ labels: { action: 'pki.issue', status: 'failed' } });

describe('screenSamples', () => {
  it('keeps valid series, and a repeated identical sample once', () => {
    // Prepare
    const samples = [sample(), good, sample(), sample({ timestampMs: 2_000, value: 4 })];
    // Act
    const { kept, dropped } = screenSamples(samples, metadata);
    // Assess
    expect(kept).toEqual([sample(), good, sample({ timestampMs: 2_000, value: 4 })]);
    expect(dropped).toEqual([]);
  });

  it('leaves out the whole series with two values at one timestamp, and keeps the others', () => {
    // Prepare: the same series twice (label order and an empty label do not make another series)
    const samples = [
      sample({ timestampMs: 500, value: 1 }),
      sample(),
      good,
      sample({ labels: { status: 'success', action: 'dns.add_record', empty: '' }, value: 5 }),
    ];
    // Act
    const { kept, dropped } = screenSamples(samples, metadata);
    // Assess
    expect(kept).toEqual([good]);
    expect(dropped).toEqual([
      {
        name: 'aiops_requests_total',
        labels: { action: 'dns.add_record', status: 'success' },
        reason: 'conflict',
        detail: 'two values (3, 5) at timestampMs 1000',
      },
    ]);
  });

  it.each([
    ['invalid_name', { name: 'aiops-requests' }],
    ['invalid_name', { name: '' }],
    ['invalid_label', { labels: { 'bad-label': 'x' } }],
    ['invalid_label', { labels: { __name__: 'x' } }],
    ['invalid_label', { labels: { action: 1 as unknown as string } }],
    ['invalid_label', { labels: { action: 'a\uD800b' } }],
    ['invalid_label', { name: 'aiops_llm_parse_duration_seconds_bucket', labels: { model: 'm' } }],
    [
      'invalid_label',
      { name: 'aiops_llm_parse_duration_seconds_bucket', labels: { model: 'm', le: 'high' } },
    ],
    ['invalid_value', { value: '3' as unknown as number }],
    ['invalid_value', { value: Number.NaN }],
    ['invalid_value', { value: Number.POSITIVE_INFINITY }],
    ['invalid_value', { value: -1 }],
    ['invalid_value', { name: 'aiops_llm_parse_duration_seconds_count', labels: { model: 'm' }, value: -2 }],
    [
      'invalid_value',
      { name: 'aiops_llm_parse_duration_seconds_sum', labels: { model: 'm' }, value: Number.NaN },
    ],
    ['invalid_timestamp', { timestampMs: 1.5 }],
    ['invalid_timestamp', { timestampMs: Number.NaN }],
  ])('leaves out the whole series with %s: %o', (reason, override) => {
    // Prepare: a bad sample, then a good-looking one of the same series
    const samples = [good, sample(override), sample({ ...override, timestampMs: 9_000 })];
    // Act
    const { kept, dropped } = screenSamples(samples, metadata);
    // Assess
    expect(kept).toEqual([good]);
    expect(dropped.map((d) => d.reason)).toEqual([reason]);
    expect(dropped[0]?.detail.length).toBeGreaterThan(5);
  });

  it('accepts what a gauge may hold: negative, NaN and infinite values', () => {
    // Prepare
    const gauges = [-5, Number.NaN, Number.NEGATIVE_INFINITY].map((value, i) =>
      sample({ name: 'aiops_appliance_cpu_percent', labels: { appliance_id: `a${i}` }, value }),
    );
    // Act
    const { kept, dropped } = screenSamples(gauges, metadata);
    // Assess
    expect(kept).toHaveLength(3);
    expect(dropped).toEqual([]);
  });
});
