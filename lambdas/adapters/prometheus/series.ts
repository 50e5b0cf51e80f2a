/**
 * The input of the Prometheus adapters: a snapshot of samples plus metadata per metric
 * family. Histograms arrive already expanded into `_bucket{le=…}`, `_sum` and `_count` series.
 */

/** One sample of one series. */
export interface SeriesSample {
  /** Metric name, e.g. `aiops_requests_total` or `aiops_llm_parse_duration_seconds_bucket`. */
  readonly name: string;
  /** Label names → values, without `__name__`. Labels with an empty value are dropped (Prometheus treats them as absent). */
  readonly labels: Readonly<Record<string, string>>;
  /** The value; `NaN`, `Infinity` and `-Infinity` are allowed. */
  readonly value: number;
  /** Unix time in milliseconds (an integer). */
  readonly timestampMs: number;
}

/** The metric types this system emits. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** What is known about one metric family. */
export interface MetricMetadata {
  readonly type: MetricType;
  /** One line of help; newlines and backslashes are escaped on output. */
  readonly help: string;
  /**
   * Unit, e.g. `seconds`.
   * @default none
   */
  readonly unit?: string;
}

/** Metric family name (for histograms without `_bucket`/`_sum`/`_count`) → metadata. */
export type MetricMetadataMap = Readonly<Record<string, MetricMetadata>>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/**
 * The family a series belongs to: the name itself, or for `x_bucket`, `x_sum`, `x_count`
 * the name `x` when the metadata declares `x` a histogram.
 *
 * @example
 * familyOf('lat_bucket', { lat: { type: 'histogram', help: '' } }); // 'lat'
 */
export function familyOf(name: string, metadata: MetricMetadataMap): string {
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      if (metadata[base]?.type === 'histogram') return base;
    }
  }
  return name;
}

/**
 * Throws a `TypeError` naming the field (`samples[3].labels.foo-bar`) when a sample cannot be
 * sent to Prometheus: bad metric or label name, `__name__` among the labels, a non-string
 * label value, a value that is not a number, a timestamp that is not an integer.
 */
export function assertValidSample(sample: SeriesSample, index: number): void {
  const at = `samples[${index}]`;
  if (typeof sample.name !== 'string' || !METRIC_NAME.test(sample.name)) {
    throw new TypeError(`${at}.name: ${JSON.stringify(sample.name)} is not a valid metric name`);
  }
  if (typeof sample.labels !== 'object' || sample.labels === null) {
    throw new TypeError(`${at}.labels: must be an object of label name → string value`);
  }
  for (const [label, value] of Object.entries(sample.labels)) {
    if (!LABEL_NAME.test(label) || label.startsWith('__')) {
      throw new TypeError(
        `${at}.labels.${label}: not a valid label name (names starting with __ are reserved)`,
      );
    }
    if (typeof value !== 'string') {
      throw new TypeError(`${at}.labels.${label}: must be a string, got ${typeof value}`);
    }
  }
  if (typeof sample.value !== 'number') {
    throw new TypeError(`${at}.value: must be a number, got ${typeof sample.value}`);
  }
  if (!Number.isSafeInteger(sample.timestampMs)) {
    throw new TypeError(
      `${at}.timestampMs: must be an integer number of milliseconds, got ${sample.timestampMs}`,
    );
  }
}

/**
 * The series' labels in Prometheus order: `__name__` first, then by name (code unit order,
 * as Go compares strings byte-wise for ASCII names), empty values left out.
 */
export function sortedLabels(sample: Pick<SeriesSample, 'name' | 'labels'>): [string, string][] {
  const rest = Object.entries(sample.labels)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [['__name__', sample.name], ...rest];
}

/** A stable identity of a series: its sorted labels, `__name__` included. */
export function seriesKey(sample: Pick<SeriesSample, 'name' | 'labels'>): string {
  return JSON.stringify(sortedLabels(sample));
}
