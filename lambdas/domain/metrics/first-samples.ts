/**
 * The zero sample that makes a new counter visible to `rate()` and `increase()`.
 *
 * The exporter sends durable totals: the first sample of a series already holds everything
 * counted so far, and Prometheus sees no increase in a series' first sample. A client library
 * avoids that by starting each counter at 0; the exporter does the same after the fact: the
 * first time it sends a series, it sends a 0 just before the total, at the time the
 * aggregator created the series. From then on the series grows from 0 like any scraped
 * counter, and its first burst counts in full.
 *
 * A zero sample is safe only before any other sample of its series (Prometheus and AMP refuse
 * a request that holds an out-of-order sample) and only inside the window they accept. So:
 * - only series whose creation the aggregator stamped get one: a series written before the
 *   stamps existed may have been sent already;
 * - only once: the exporter marks a series durably before it sends it the first time, and a
 *   marked series never gets a zero again, even when that first request failed;
 * - never older than {@link ZERO_SAMPLE_MAX_AGE_MS} before the value (Prometheus refuses
 *   samples more than an hour older than its newest one), and always before it.
 */
import { metricByName } from './catalog.ts';

/** A series in the aggregates table, with what the exporter knows of its past. */
export interface SeriesHistory {
  /** Series key (`seriesKey`). */
  readonly key: string;
  /** Its current total. */
  readonly value: number;
  /** When a fold created it, in ms; absent for a series created before creation stamps existed. */
  readonly createdAtMs?: number;
  /** Whether an export has marked it (sent it, or tried to). */
  readonly exported: boolean;
}

/**
 * How far before the value a zero sample may lie. Prometheus accepts samples down to an hour
 * before the newest sample it holds; ten minutes leaves room for clock skew and for an
 * export that was down for a while (its new series then start ten minutes back).
 */
export const ZERO_SAMPLE_MAX_AGE_MS = 10 * 60_000;

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/**
 * Whether a series name is a counter of the catalog or a series of one of its histograms
 * (`_bucket`, `_sum`, `_count`): the series that only grow, which `rate()` reads.
 * @example isCounterSeries('aiops_llm_parse_duration_seconds_bucket') // true
 * @example isCounterSeries('aiops_pipeline_lag_seconds') // false
 */
export function isCounterSeries(name: string): boolean {
  if (metricByName(name)?.type === 'counter') return true;
  const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
  return suffix !== undefined && metricByName(name.slice(0, -suffix.length))?.type === 'histogram';
}

/**
 * Whether the series gets a zero sample now: a counter series that a fold created under the
 * stamps and that no export has marked yet.
 * @example needsZeroSample('aiops_requests_total', { key, value: 3, createdAtMs: 1767000000000, exported: false }) // true
 */
export function needsZeroSample(name: string, series: SeriesHistory): boolean {
  return series.createdAtMs !== undefined && !series.exported && isCounterSeries(name);
}

/**
 * When the zero sample of a series created at `createdAtMs` goes, for a value sent at `atMs`:
 * its creation time, but at most {@link ZERO_SAMPLE_MAX_AGE_MS} before the value and at least
 * 1 ms before it (the aggregator's clock may run ahead of the exporter's).
 * @example zeroSampleTime(1_000_000, 1_030_000) // 1_000_000
 * @example zeroSampleTime(1_030_000, 1_030_000) // 1_029_999
 */
export function zeroSampleTime(createdAtMs: number, atMs: number): number {
  return Math.min(atMs - 1, Math.max(createdAtMs, atMs - ZERO_SAMPLE_MAX_AGE_MS));
}
