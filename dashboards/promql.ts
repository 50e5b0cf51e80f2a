/**
 * PromQL built from the metrics catalog: every metric name a dashboard query uses comes from
 * a `METRICS` entry (never a string literal), and label names are checked against the
 * entry's labels by the type system.
 */
import type { HistogramDefinition, LabelName, MetricDefinition } from '#domain/metrics/catalog';

/** One label matcher: the operator and the (unquoted) value. */
export interface Matcher {
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Matchers by label name; only the metric's own labels are accepted. */
export type Matchers<M extends MetricDefinition> = Partial<Record<LabelName<M>, Matcher>>;

/** `label="value"` */
export const eq = (value: string): Matcher => ({ op: '=', value });
/** `label!="value"` */
export const ne = (value: string): Matcher => ({ op: '!=', value });
/** `label=~"regex"` (Grafana variables such as `$appliance` go here). */
export const re = (value: string): Matcher => ({ op: '=~', value });

/** Grafana's window for `rate()`: at least four scrape intervals. */
export const RATE_INTERVAL = '$__rate_interval';
/** Grafana's whole selected time range (for instant queries of stat and table panels). */
export const RANGE = '$__range';

const quote = (value: string): string => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

function render(name: string, matchers: Record<string, Matcher | undefined>): string {
  const parts = Object.entries(matchers)
    .filter((entry): entry is [string, Matcher] => entry[1] !== undefined)
    .map(([label, m]) => `${label}${m.op}${quote(m.value)}`);
  return parts.length === 0 ? name : `${name}{${parts.join(', ')}}`;
}

/**
 * A series selector of a counter or gauge.
 * @example series(METRICS.requestsTotal, { status: eq('failed') }) // 'aiops_requests_total{status="failed"}'
 */
export function series<M extends MetricDefinition>(metric: M, matchers: Matchers<M> = {}): string {
  return render(metric.name, matchers);
}

/**
 * The `_bucket` series of a histogram; `le` selects one bucket bound (it must be one of the
 * histogram's buckets, or `+Inf`).
 * @example bucket(METRICS.llmConfidenceScore, {}, 0.5) // 'aiops_llm_confidence_score_bucket{le="0.5"}'
 */
export function bucket<M extends HistogramDefinition>(
  metric: M,
  matchers: Matchers<M> = {},
  le?: number | '+Inf',
): string {
  if (le !== undefined && le !== '+Inf' && !metric.buckets.includes(le))
    throw new RangeError(`${metric.name} has no bucket ${le} (buckets: ${metric.buckets.join(', ')})`);
  return render(`${metric.name}_bucket`, {
    ...matchers,
    ...(le === undefined ? {} : { le: eq(String(le)) }),
  });
}

/** The `_count` series of a histogram (one per observation). */
export function count<M extends HistogramDefinition>(metric: M, matchers: Matchers<M> = {}): string {
  return render(`${metric.name}_count`, matchers);
}

/** The `_sum` series of a histogram. */
export function total<M extends HistogramDefinition>(metric: M, matchers: Matchers<M> = {}): string {
  return render(`${metric.name}_sum`, matchers);
}

/**
 * ` by (labels)` for an aggregation, labels checked against the metric (empty for none).
 * @example `sum${by(METRICS.requestsTotal, 'status')} (...)` // 'sum by (status) (...)'
 */
export function by<M extends MetricDefinition>(_metric: M, ...labels: LabelName<M>[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

/** `rate(selector[window])` */
export const rate = (selector: string, window: string = RATE_INTERVAL): string =>
  `rate(${selector}[${window}])`;

/** `increase(selector[window])` */
export const increase = (selector: string, window: string = RANGE): string =>
  `increase(${selector}[${window}])`;

/** Options of {@link quantile}. */
export interface QuantileOptions<M extends MetricDefinition> {
  /** Labels kept besides `le` (one quantile per group). @default none */
  readonly by?: readonly LabelName<M>[];
  readonly matchers?: Matchers<M>;
  /** @default RATE_INTERVAL */
  readonly window?: string;
}

/**
 * The q-quantile of a histogram over a window, from the rate of its buckets.
 * @example quantile(0.95, METRICS.ansibleExecutionDurationSeconds)
 * // 'histogram_quantile(0.95, sum by (le) (rate(aiops_ansible_execution_duration_seconds_bucket[$__rate_interval])))'
 */
export function quantile<M extends HistogramDefinition>(
  q: number,
  metric: M,
  options: QuantileOptions<M> = {},
): string {
  const keep = ['le', ...(options.by ?? [])].join(', ');
  return `histogram_quantile(${q}, sum by (${keep}) (${rate(bucket(metric, options.matchers), options.window)}))`;
}
