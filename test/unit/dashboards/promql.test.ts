import { describe, expect, it } from 'vitest';
import { METRICS } from '#domain/metrics/catalog';
import {
  bucket,
  by,
  count,
  eq,
  increase,
  ne,
  quantile,
  RANGE,
  rate,
  re,
  series,
} from '../../../dashboards/promql.ts';

describe('PromQL from the catalog', () => {
  it('builds selectors with the metric name and quoted, escaped matchers', () => {
    // Act
    const plain = series(METRICS.feedbackTotal);
    const matched = series(METRICS.requestsTotal, { status: re('failed|timeout'), action: ne('a"b\\c') });
    // Assess
    expect(plain).toBe('aiops_feedback_total');
    expect(matched).toBe('aiops_requests_total{status=~"failed|timeout", action!="a\\"b\\\\c"}');
  });

  it('names histogram series and accepts only real bucket bounds', () => {
    // Act
    const low = bucket(METRICS.llmConfidenceScore, { action: eq('dns.add_record') }, 0.5);
    const all = count(METRICS.llmConfidenceScore);
    // Assess
    expect(low).toBe('aiops_llm_confidence_score_bucket{action="dns.add_record", le="0.5"}');
    expect(all).toBe('aiops_llm_confidence_score_count');
    expect(bucket(METRICS.llmConfidenceScore, {}, '+Inf')).toBe(
      'aiops_llm_confidence_score_bucket{le="+Inf"}',
    );
    expect(() => bucket(METRICS.llmConfidenceScore, {}, 0.55)).toThrow('has no bucket 0.55');
  });

  it('wraps rates, increases, groupings and quantiles with Grafana windows', () => {
    // Act
    const q = quantile(0.95, METRICS.ansibleExecutionDurationSeconds, {
      by: ['playbook_type'],
      matchers: { status: eq('success') },
      window: RANGE,
    });
    // Assess
    expect(rate('x')).toBe('rate(x[$__rate_interval])');
    expect(increase('x')).toBe('increase(x[$__range])');
    expect(`sum${by(METRICS.requestsTotal, 'action', 'status')} (x)`).toBe('sum by (action, status) (x)');
    expect(by(METRICS.requestsTotal)).toBe('');
    expect(q).toBe(
      'histogram_quantile(0.95, sum by (le, playbook_type) (rate(aiops_ansible_execution_duration_seconds_bucket{status="success"}[$__range])))',
    );
  });
});
