import { type HistogramDefinition, metricByName } from './catalog.ts';
import { type CounterDelta, histogramIncrements, type MetricDelta } from './deltas.ts';
import { parseSeriesKey } from './series-key.ts';

/**
 * The counter-like increments of one delta: a counter's as is, a histogram observation
 * expanded into its bucket, sum and count increments (the metric found in the catalog).
 * @throws Error quoting the key when a histogram delta names a metric that is not a catalog
 *   histogram.
 * @example expandDelta({ kind: 'counter', key: 'aiops_feedback_total{rating="thumbs_up"}', value: 1 })
 * // [{ kind: 'counter', key: 'aiops_feedback_total{rating="thumbs_up"}', value: 1 }]
 */
export function expandDelta(delta: MetricDelta): CounterDelta[] {
  if (delta.kind === 'counter') return [delta];
  const { name, labels } = parseSeriesKey(delta.key);
  const metric = metricByName(name);
  if (metric?.type !== 'histogram') throw new Error(`${delta.key}: not a histogram of the metrics catalog`);
  return histogramIncrements(metric as HistogramDefinition, labels, delta.observation);
}

/**
 * Sums deltas into additive series increments, by series key (histograms expanded, so the
 * result holds only `_bucket`, `_sum`, `_count` and counter series). Pure; the order of the
 * deltas does not matter.
 * @example foldDeltas(deriveDecisionDeltas(before, after)).get('aiops_requests_total{action="dns.add_record",status="success"}') // 1
 */
export function foldDeltas(deltas: readonly MetricDelta[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const delta of deltas)
    for (const { key, value } of expandDelta(delta)) totals.set(key, (totals.get(key) ?? 0) + value);
  return totals;
}
