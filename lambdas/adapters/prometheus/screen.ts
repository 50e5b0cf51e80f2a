/**
 * What may go to Prometheus: a snapshot split into the series that can be sent and those that
 * cannot (an invalid name, label or value, or two values at one timestamp). A series is kept
 * or left out whole, so one bad series never fails a request that holds good ones.
 */
import type { DropReason } from '#domain/metrics/dropped-series';
import { familyOf, type MetricMetadataMap, type SeriesSample, seriesKey, sortedLabels } from './series.ts';

/** A series left out, with the reason and what was wrong. */
export interface DroppedSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly reason: DropReason;
  /** What was wrong, e.g. `two values (1, 0) at timestampMs 1767000000000`. */
  readonly detail: string;
}

/** A snapshot split by {@link screenSamples}. */
export interface ScreenedSamples {
  /** The samples of every series that can be sent, in their order. */
  readonly kept: SeriesSample[];
  /** One entry per series left out, in first-seen order. */
  readonly dropped: DroppedSeries[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A lone UTF-16 surrogate: not encodable as UTF-8, so two such values could meet as one series. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why one sample cannot be sent, or `undefined`. */
function problem(sample: SeriesSample, metadata: MetricMetadataMap): [DropReason, string] | undefined {
  if (typeof sample.name !== 'string' || !METRIC_NAME.test(sample.name))
    return ['invalid_name', `${JSON.stringify(sample.name)} is not a metric name`];
  if (typeof sample.labels !== 'object' || sample.labels === null)
    return ['invalid_label', 'labels must be an object of label name → string value'];
  for (const [label, value] of Object.entries(sample.labels)) {
    if (!LABEL_NAME.test(label) || label.startsWith('__'))
      return [
        'invalid_label',
        `${JSON.stringify(label)} is not a label name (names starting with __ are reserved)`,
      ];
    if (typeof value !== 'string' || LONE_SURROGATE.test(value))
      return ['invalid_label', `the value of ${label} is not a well-formed string`];
  }
  const family = familyOf(sample.name, metadata);
  const type = metadata[family]?.type;
  if (type === 'histogram' && sample.name === `${family}_bucket`) {
    const le = sample.labels.le;
    if (le === undefined || le.trim() === '' || Number.isNaN(le === '+Inf' ? 0 : Number(le)))
      return ['invalid_label', `a histogram bucket needs a numeric le label, got ${JSON.stringify(le)}`];
  }
  if (typeof sample.value !== 'number') return ['invalid_value', `the value is a ${typeof sample.value}`];
  const growing = type === 'counter' || (type === 'histogram' && !sample.name.endsWith('_sum'));
  if (growing && !(Number.isFinite(sample.value) && sample.value >= 0))
    return ['invalid_value', `a ${type} series needs a finite value ≥ 0, got ${sample.value}`];
  if (type === 'histogram' && !Number.isFinite(sample.value))
    return ['invalid_value', `a histogram _sum needs a finite value, got ${sample.value}`];
  if (!Number.isSafeInteger(sample.timestampMs))
    return ['invalid_timestamp', `timestampMs must be a whole number of ms, got ${sample.timestampMs}`];
  return undefined;
}

/** A key for a sample whose name or labels may be unusable for {@link seriesKey}. */
function safeKey(sample: SeriesSample): string {
  try {
    return seriesKey(sample);
  } catch {
    return JSON.stringify([sample.name, sample.labels]);
  }
}

/**
 * Splits samples into the series that can be sent and those left out. Two samples of one
 * series at one timestamp with the same value are one sample (kept once); with different
 * values the series is a `conflict`.
 * @example
 * const { kept, dropped } = screenSamples(samples, metricMetadata());
 * for (const d of dropped) logger.warn('series left out of the export', { ...d });
 */
export function screenSamples(
  samples: readonly SeriesSample[],
  metadata: MetricMetadataMap,
): ScreenedSamples {
  const bad = new Map<string, DroppedSeries>();
  const seen = new Map<string, Map<number, number>>();
  const keys = samples.map((sample) => {
    const key = safeKey(sample);
    if (bad.has(key)) return key;
    const found = problem(sample, metadata);
    if (found) {
      bad.set(key, {
        name: String(sample.name),
        labels: { ...sample.labels },
        reason: found[0],
        detail: found[1],
      });
      return key;
    }
    const values = seen.get(key) ?? new Map<number, number>();
    seen.set(key, values);
    const earlier = values.get(sample.timestampMs);
    if (earlier !== undefined && !Object.is(earlier, sample.value))
      bad.set(key, {
        name: sample.name,
        labels: Object.fromEntries(sortedLabels(sample).slice(1)),
        reason: 'conflict',
        detail: `two values (${earlier}, ${sample.value}) at timestampMs ${sample.timestampMs}`,
      });
    values.set(sample.timestampMs, sample.value);
    return key;
  });
  const kept: SeriesSample[] = [];
  const sent = new Set<string>();
  samples.forEach((sample, i) => {
    const key = keys[i] as string;
    const once = `${key}@${sample.timestampMs}`;
    if (bad.has(key) || sent.has(once)) return;
    sent.add(once);
    kept.push(sample);
  });
  return { kept, dropped: [...bad.values()] };
}
