/**
 * The Prometheus text exposition format 0.0.4, as served on `GET /metrics`: one block per
 * metric family (`# HELP`, `# TYPE`, samples); histograms grouped per label set with their
 * `_bucket` series in ascending `le` order (`+Inf` last), then `_sum` and `_count`.
 */
import {
  assertValidSample,
  familyOf,
  type MetricMetadataMap,
  type SeriesSample,
  seriesKey,
  sortedLabels,
} from './series.ts';

/** The `Content-Type` of a response carrying {@link renderExposition}'s output. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Options of {@link renderExposition}. */
export interface ExpositionOptions {
  /**
   * Write each sample's timestamp. Off by default: a scraper then stamps the scrape time,
   * and staleness handling works as usual.
   * @default false
   */
  readonly timestamps?: boolean;
}

/** A sample value as Prometheus writes it: `+Inf`, `-Inf`, `NaN`, or the shortest decimal that reads back the same. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Escapes a label value: backslash, double quote and line feed. */
export const escapeLabelValue = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Escapes `# HELP` text: backslash and line feed. */
export const escapeHelp = (help: string): string => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** The numeric value of an `le` label (`+Inf` included); throws naming the field when it is not a number. */
function leValue(sample: SeriesSample, index: number): number {
  const le = sample.labels.le;
  const value = le === undefined ? Number.NaN : le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
  if (le === undefined || le.trim() === '' || Number.isNaN(value)) {
    throw new TypeError(
      `samples[${index}].labels.le: a histogram bucket needs a numeric le label, got ${le}`,
    );
  }
  return value;
}

function sampleLine(sample: SeriesSample, timestamps: boolean): string {
  const labels = sortedLabels(sample)
    .slice(1)
    .sort(([a], [b]) => Number(a === 'le') - Number(b === 'le'));
  const labelText =
    labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
  const time = timestamps ? ` ${sample.timestampMs}` : '';
  return `${sample.name}${labelText} ${formatValue(sample.value)}${time}`;
}

type Indexed = { sample: SeriesSample; index: number };

/** Latest sample per series, in first-seen order of the series. */
function latestPerSeries(samples: readonly Indexed[]): Indexed[] {
  const latest = new Map<string, Indexed>();
  for (const item of samples) {
    const key = seriesKey(item.sample);
    const seen = latest.get(key);
    if (!seen || item.sample.timestampMs >= seen.sample.timestampMs) latest.set(key, item);
  }
  return [...latest.values()];
}

/** A histogram family's samples: per label set (without `le`), buckets by `le`, then `_sum`, `_count`. */
function histogramOrder(family: string, samples: readonly Indexed[]): Indexed[] {
  const rank = (name: string, index: number): number => {
    const suffix = name.slice(family.length);
    const order = ['_bucket', '_sum', '_count'].indexOf(suffix);
    if (order < 0) {
      throw new TypeError(
        `samples[${index}].name: ${name} belongs to histogram ${family} but is not _bucket, _sum or _count`,
      );
    }
    return order;
  };
  const groups = new Map<string, Indexed[]>();
  for (const item of samples) {
    const { le: _le, ...rest } = item.sample.labels;
    const key = seriesKey({ name: family, labels: rest });
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].flatMap((group) =>
    group
      .map((item) => ({
        item,
        rank: rank(item.sample.name, item.index),
        le: item.sample.name.endsWith('_bucket') ? leValue(item.sample, item.index) : 0,
      }))
      .sort((a, b) => a.rank - b.rank || a.le - b.le)
      .map(({ item }) => item),
  );
}

/**
 * Renders a snapshot as text exposition 0.0.4. Families come in first-seen order; a series
 * given several samples shows its latest one. Families without metadata are written without
 * `# HELP`/`# TYPE` (untyped).
 *
 * @throws TypeError naming the field of an invalid sample.
 * @example
 * response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE });
 * response.end(renderExposition(samples, metadata));
 */
export function renderExposition(
  samples: readonly SeriesSample[],
  metadata: MetricMetadataMap,
  options: ExpositionOptions = {},
): string {
  const families = new Map<string, Indexed[]>();
  samples.forEach((sample, index) => {
    assertValidSample(sample, index);
    const family = familyOf(sample.name, metadata);
    const items = families.get(family);
    if (items) items.push({ sample, index });
    else families.set(family, [{ sample, index }]);
  });
  const lines: string[] = [];
  for (const [family, items] of families) {
    const meta = metadata[family];
    if (meta) {
      lines.push(`# HELP ${family} ${escapeHelp(meta.help)}`, `# TYPE ${family} ${meta.type}`);
    }
    const latest = latestPerSeries(items);
    const ordered = meta?.type === 'histogram' ? histogramOrder(family, latest) : latest;
    for (const { sample } of ordered) lines.push(sampleLine(sample, options.timestamps ?? false));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
