/**
 * Prometheus remote write 1.0: a `prompb.WriteRequest` encoded by hand, then snappy
 * block-compressed. Field numbers follow prometheus/prompb (types.proto, remote.proto):
 * WriteRequest{timeseries=1, metadata=3}; TimeSeries{labels=1, samples=2};
 * Label{name=1, value=2}; Sample{value=1 double, timestamp=2 int64};
 * MetricMetadata{type=1, metric_family_name=2, help=4, unit=5}.
 */
import snappy from 'snappyjs';
import { ProtobufWriter } from './protobuf-writer.ts';
import { familyOf, type MetricMetadata, type MetricMetadataMap, type MetricType } from './series.ts';

/** One series of a WriteRequest: labels in Prometheus order, samples ascending by time. */
export interface TimeSeriesData {
  /** `[name, value]` pairs, `__name__` first then sorted by name. */
  readonly labels: readonly (readonly [string, string])[];
  readonly samples: readonly { readonly value: number; readonly timestampMs: number }[];
}

/** Metadata of one metric family as sent in a WriteRequest. */
export interface FamilyMetadata extends MetricMetadata {
  /** The family name (a histogram's name without `_bucket`). */
  readonly family: string;
}

/** `prompb.MetricMetadata.MetricType` numbers. */
export const METRIC_TYPE_NUMBER: Readonly<Record<MetricType, number>> = {
  counter: 1,
  gauge: 2,
  histogram: 3,
};

/**
 * The protobuf bytes of a `WriteRequest` (not compressed).
 *
 * @example
 * const bytes = encodeWriteRequest([{ labels: [['__name__', 'up']], samples: [{ value: 1, timestampMs: 1000 }] }]);
 */
export function encodeWriteRequest(
  series: readonly TimeSeriesData[],
  metadata: readonly FamilyMetadata[] = [],
): Uint8Array {
  const w = new ProtobufWriter(64 + series.length * 96);
  for (const s of series) {
    w.message(1, () => {
      for (const [name, value] of s.labels) {
        w.message(1, () => {
          w.string(1, name);
          w.string(2, value);
        });
      }
      for (const sample of s.samples) {
        w.message(2, () => {
          w.double(1, sample.value);
          w.int64(2, sample.timestampMs);
        });
      }
    });
  }
  for (const m of metadata) {
    w.message(3, () => {
      w.int64(1, METRIC_TYPE_NUMBER[m.type]);
      w.string(2, m.family);
      w.string(4, m.help);
      w.string(5, m.unit ?? '');
    });
  }
  return w.finish();
}

/**
 * A remote write request body: the `WriteRequest` snappy block-compressed, ready to POST
 * with `Content-Encoding: snappy`.
 *
 * @example
 * const body = encodeRemoteWriteBody(series, familiesIn(series, metadata));
 */
export function encodeRemoteWriteBody(
  series: readonly TimeSeriesData[],
  metadata: readonly FamilyMetadata[] = [],
): Uint8Array {
  return snappy.compress(encodeWriteRequest(series, metadata));
}

/**
 * The metadata of the families the series belong to, each family once, in first-seen order;
 * families without metadata are left out.
 */
export function familiesIn(series: readonly TimeSeriesData[], metadata: MetricMetadataMap): FamilyMetadata[] {
  const seen = new Map<string, FamilyMetadata>();
  for (const s of series) {
    const name = s.labels[0]?.[1] ?? '';
    const family = familyOf(name, metadata);
    const known = metadata[family];
    if (known && !seen.has(family)) seen.set(family, { family, ...known });
  }
  return [...seen.values()];
}
