import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCounterSeries,
  needsZeroSample,
  type SeriesHistory,
  ZERO_SAMPLE_MAX_AGE_MS,
  zeroSampleTime,
} from '#domain/metrics/first-samples';

const history = (over: Partial<SeriesHistory> = {}): SeriesHistory => ({
  key: 'aiops_requests_total{action="dns.add_record",status="failed"}',
  value: 8,
  createdAtMs: 1_000_000,
  exported: false,
  ...over,
});

describe('isCounterSeries', () => {
  it.each([
    ['aiops_requests_total', true],
    ['aiops_exporter_dropped_series_total', true],
    ['aiops_llm_parse_duration_seconds_bucket', true],
    ['aiops_llm_parse_duration_seconds_sum', true],
    ['aiops_api_response_time_seconds_count', true],
    ['aiops_pipeline_lag_seconds', false],
    ['aiops_appliance_cpu_percent', false],
    ['aiops_requests_total_bucket', false],
    ['not_in_the_catalog_total', false],
  ])('%s → %s', (name, expected) => {
    // Act / Assess
    expect(isCounterSeries(name)).toBe(expected);
  });
});

describe('needsZeroSample', () => {
  it('holds for a counter series created under the stamps and never marked', () => {
    // Act / Assess
    expect(needsZeroSample('aiops_requests_total', history())).toBe(true);
  });

  it.each([
    ['marked by an earlier export', history({ exported: true }), 'aiops_requests_total'],
    ['written before creation stamps existed', history({ createdAtMs: undefined }), 'aiops_requests_total'],
    [
      'a gauge',
      history({ key: 'aiops_pipeline_lag_seconds{consumer="replica"}' }),
      'aiops_pipeline_lag_seconds',
    ],
  ])('does not hold for a series %s', (_, series, name) => {
    // Act / Assess
    expect(needsZeroSample(name, series)).toBe(false);
  });
});

describe('zeroSampleTime', () => {
  it('is the creation time when it lies shortly before the value', () => {
    // Act / Assess
    expect(zeroSampleTime(1_000_000, 1_030_000)).toBe(1_000_000);
  });

  it('is at most the maximum age before the value, and always at least 1 ms before it', () => {
    // Act / Assess
    expect(zeroSampleTime(0, 5_000_000)).toBe(5_000_000 - ZERO_SAMPLE_MAX_AGE_MS);
    expect(zeroSampleTime(5_000_000, 5_000_000)).toBe(4_999_999);
    expect(zeroSampleTime(5_000_500, 5_000_000)).toBe(4_999_999);
  });

  it('always lies in [value - max age, value - 1 ms] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.integer({ min: 2 ** 40, max: 2 ** 45 }),
        (c, at) => {
          // Act
          const z = zeroSampleTime(c, at);
          // Assess
          expect(z).toBeLessThan(at);
          expect(z).toBeGreaterThanOrEqual(at - ZERO_SAMPLE_MAX_AGE_MS);
          if (c < at && c >= at - ZERO_SAMPLE_MAX_AGE_MS) expect(z).toBe(c);
        },
      ),
    );
  });
});
