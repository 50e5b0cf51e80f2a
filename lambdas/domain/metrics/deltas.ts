import type { HistogramDefinition, LabelSet } from './catalog.ts';
import { seriesKey } from './series-key.ts';

/** An amount to add to one counter-like series (a counter, or a histogram's bucket, sum or count). */
export interface CounterDelta {
  readonly kind: 'counter';
  /** Series key, see `seriesKey`. */
  readonly key: string;
  readonly value: number;
}

/** One observation of a histogram; `key` is the histogram's series key, without `le`. */
export interface HistogramDelta {
  readonly kind: 'histogram';
  readonly key: string;
  readonly observation: number;
}

/** A change to the metrics derived from one stream record. */
export type MetricDelta = CounterDelta | HistogramDelta;

/**
 * The `le` label value of a bucket bound, as Prometheus clients write it.
 * @example bucketBound(0.5) // '0.5'
 * @example bucketBound(Number.POSITIVE_INFINITY) // '+Inf'
 */
export function bucketBound(bound: number): string {
  return bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
}

/**
 * One histogram observation as additive increments: 1 on every cumulative bucket whose bound
 * is at or above the value (0 on the others, so every bucket series exists), 1 on `+Inf`,
 * the value on `_sum` and 1 on `_count`. Folding these as plain counters gives the
 * histogram.
 * @throws Error naming the metric when the value is not a finite number.
 * @example histogramIncrements(METRICS.llmConfidenceScore, { action: 'dns.add_record' }, 0.93)
 * // …_bucket{action="dns.add_record",le="0.9"} 0, …{le="0.95"} 1, …{le="1"} 1, …{le="+Inf"} 1,
 * // …_sum{action="dns.add_record"} 0.93, …_count{action="dns.add_record"} 1
 */
export function histogramIncrements<M extends HistogramDefinition>(
  metric: M,
  labels: LabelSet<M>,
  value: number,
): CounterDelta[] {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${metric.name}: observation must be a finite number, got ${String(value)}`);
  seriesKey(metric, labels); // checks the labels are exactly the metric's
  const own: Record<string, string> = { ...labels };
  const bounds = [...metric.buckets, Number.POSITIVE_INFINITY];
  return [
    ...bounds.map(
      (bound): CounterDelta => ({
        kind: 'counter',
        key: seriesKey(`${metric.name}_bucket`, { ...own, le: bucketBound(bound) }),
        value: value <= bound ? 1 : 0,
      }),
    ),
    { kind: 'counter', key: seriesKey(`${metric.name}_sum`, own), value },
    { kind: 'counter', key: seriesKey(`${metric.name}_count`, own), value: 1 },
  ];
}
