/**
 * From a flat snapshot of samples to remote write requests: samples grouped into series
 * (timestamps ascending), series packed into requests of at most N samples, each series
 * whole in one request.
 */
import type { TimeSeriesData } from './remote-write-encode.ts';
import { assertValidSample, type SeriesSample, seriesKey, sortedLabels } from './series.ts';

/**
 * Groups samples by series (name + labels) in first-seen order, each series' samples sorted
 * by timestamp. Two samples of one series at the same timestamp collapse into one when
 * their values are equal and are rejected otherwise (Prometheus would refuse the request).
 *
 * @throws TypeError naming the field of the first invalid sample.
 * @example
 * groupSeries([{ name: 'up', labels: {}, value: 1, timestampMs: 1000 }]);
 * // [{ labels: [['__name__', 'up']], samples: [{ value: 1, timestampMs: 1000 }] }]
 */
export function groupSeries(samples: readonly SeriesSample[]): TimeSeriesData[] {
  const byKey = new Map<
    string,
    { labels: [string, string][]; samples: { value: number; timestampMs: number }[] }
  >();
  samples.forEach((sample, index) => {
    assertValidSample(sample, index);
    const key = seriesKey(sample);
    let series = byKey.get(key);
    if (!series) {
      series = { labels: sortedLabels(sample), samples: [] };
      byKey.set(key, series);
    }
    series.samples.push({ value: sample.value, timestampMs: sample.timestampMs });
  });
  for (const series of byKey.values()) {
    series.samples.sort((a, b) => a.timestampMs - b.timestampMs);
    series.samples = series.samples.filter((sample, i, all) => {
      const previous = all[i - 1];
      if (previous?.timestampMs !== sample.timestampMs) return true;
      if (Object.is(previous.value, sample.value)) return false;
      throw new TypeError(
        `samples: series ${JSON.stringify(Object.fromEntries(series.labels))} has two values ` +
          `(${previous.value}, ${sample.value}) at timestampMs ${sample.timestampMs}`,
      );
    });
  }
  return [...byKey.values()];
}

/**
 * Packs series into requests of at most `maxSamples` samples, in order. A series is never
 * split across requests unless it alone holds more than `maxSamples` samples; then its
 * consecutive chunks go in consecutive requests, so timestamps stay ascending.
 *
 * @example
 * batchSeries(groupSeries(samples), 2000).map((batch) => encodeRemoteWriteBody(batch));
 */
export function batchSeries(series: readonly TimeSeriesData[], maxSamples: number): TimeSeriesData[][] {
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new RangeError(`maxSamplesPerRequest: must be a positive integer, got ${maxSamples}`);
  }
  const batches: TimeSeriesData[][] = [];
  let current: TimeSeriesData[] = [];
  let count = 0;
  const flush = (): void => {
    if (current.length > 0) batches.push(current);
    current = [];
    count = 0;
  };
  for (const s of series) {
    if (s.samples.length === 0) continue;
    if (s.samples.length > maxSamples) {
      flush();
      for (let i = 0; i < s.samples.length; i += maxSamples) {
        flush();
        current.push({ labels: s.labels, samples: s.samples.slice(i, i + maxSamples) });
        count = current[0]?.samples.length ?? 0;
      }
      continue;
    }
    if (count + s.samples.length > maxSamples) flush();
    current.push(s);
    count += s.samples.length;
  }
  flush();
  return batches;
}

/** The number of samples in a batch. */
export const sampleCount = (batch: readonly TimeSeriesData[]): number =>
  batch.reduce((n, s) => n + s.samples.length, 0);
