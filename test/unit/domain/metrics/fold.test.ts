import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS, seriesKey } from '#domain/metrics/catalog';
import { histogramIncrements, type MetricDelta } from '#domain/metrics/deltas';
import { foldDeltas } from '#domain/metrics/fold';

const confidence = METRICS.llmConfidenceScore;
const labels = { action: 'dns.add_record' };
const bucket = (le: string) => seriesKey(`${confidence.name}_bucket`, { ...labels, le });

describe('histogramIncrements', () => {
  it('adds one to every bucket at or above the value, +Inf, the count, and the value to the sum', () => {
    // Act
    const increments = new Map(histogramIncrements(confidence, labels, 0.9).map((d) => [d.key, d.value]));
    // Assess
    expect([...increments.values()]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 0.9, 1]);
    expect(increments.get(bucket('0.8'))).toBe(0);
    expect(increments.get(bucket('0.9'))).toBe(1);
    expect(increments.get(bucket('+Inf'))).toBe(1);
    expect(increments.get(seriesKey(`${confidence.name}_sum`, labels))).toBe(0.9);
    expect(increments.get(seriesKey(`${confidence.name}_count`, labels))).toBe(1);
  });

  it('counts a value above the last bound only in +Inf', () => {
    // Act
    const increments = histogramIncrements(
      METRICS.ansibleExecutionDurationSeconds,
      { playbook_type: 'dns', status: 'success' },
      600,
    );
    // Assess
    expect(increments.filter((d) => d.key.includes('_bucket') && d.value === 1).map((d) => d.key)).toEqual([
      'aiops_ansible_execution_duration_seconds_bucket{le="+Inf",playbook_type="dns",status="success"}',
    ]);
  });

  it('refuses a value that is not a finite number, and labels that are not the metric’s', () => {
    expect(() => histogramIncrements(confidence, labels, Number.NaN)).toThrow(
      'aiops_llm_confidence_score: observation must be a finite number, got NaN',
    );
    expect(() => histogramIncrements(confidence, { model: 'x' } as never, 1)).toThrow('missing label action');
  });
});

describe('foldDeltas', () => {
  it('sums counters and expanded observations; buckets are cumulative and +Inf equals the count', () => {
    const observations = fc.array(
      fc.oneof(fc.constantFrom(...confidence.buckets), fc.double({ min: 0, max: 1, noNaN: true })),
      {
        maxLength: 50,
      },
    );
    fc.assert(
      fc.property(observations, fc.nat({ max: 20 }), (values, feedbacks) => {
        // Prepare
        const key = seriesKey(confidence, labels);
        const deltas: MetricDelta[] = [
          ...values.map((observation): MetricDelta => ({ kind: 'histogram', key, observation })),
          ...Array.from(
            { length: feedbacks },
            (): MetricDelta => ({
              kind: 'counter',
              key: seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_up' }),
              value: 1,
            }),
          ),
        ];
        // Act
        const folded = foldDeltas(deltas);
        // Assess
        const counts = confidence.buckets.map((b) => folded.get(bucket(String(b))) ?? 0);
        counts.forEach((c, i) => {
          expect(c).toBe(values.filter((v) => v <= (confidence.buckets[i] as number)).length);
          if (i > 0) expect(c).toBeGreaterThanOrEqual(counts[i - 1] as number);
        });
        expect(folded.get(bucket('+Inf')) ?? 0).toBe(values.length);
        expect(folded.get(seriesKey(`${confidence.name}_count`, labels)) ?? 0).toBe(values.length);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(folded.get(seriesKey(`${confidence.name}_sum`, labels)) ?? 0).toBeCloseTo(sum, 9);
        expect(folded.get(seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_up' })) ?? 0).toBe(feedbacks);
        expect(folded.has(key)).toBe(false);
      }),
    );
  });

  it('refuses a histogram delta for a metric that is not a catalog histogram', () => {
    const key = seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_up' });
    expect(() => foldDeltas([{ kind: 'histogram', key, observation: 1 }])).toThrow(
      `${key}: not a histogram of the metrics catalog`,
    );
  });
});
