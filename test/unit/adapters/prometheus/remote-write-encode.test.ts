import fc from 'fast-check';
import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from '#adapters/prometheus/protobuf-writer';
import { groupSeries } from '#adapters/prometheus/remote-write-batches';
import { decodeRemoteWriteBody, decodeWriteRequest } from '#adapters/prometheus/remote-write-decode';
import {
  encodeRemoteWriteBody,
  encodeWriteRequest,
  familiesIn,
  type TimeSeriesData,
} from '#adapters/prometheus/remote-write-encode';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): string => Buffer.from(text, 'ascii').toString('hex');

describe('ProtobufWriter', () => {
  it('writes varints in base-128 groups, least significant first', () => {
    // Prepare
    const cases: [number, string][] = [
      [1, '01'],
      [127, '7f'],
      [128, '8001'],
      [300, 'ac02'],
      [2 ** 53 - 1, 'ffffffffffffff0f'],
      [-1, 'ffffffffffffffffff01'],
    ];
    for (const [value, expected] of cases) {
      const w = new ProtobufWriter(1);
      // Act
      w.varint(value);
      // Assess
      expect(hex(w.finish()), `varint(${value})`).toBe(expected);
    }
  });

  it('sizes a nested message whose length needs more than one byte', () => {
    // Prepare
    const w = new ProtobufWriter(4);
    const text = 'x'.repeat(200);
    // Act
    w.message(1, () => w.string(1, text));
    // Assess: outer key, varint(203) = cb 01, inner key, varint(200) = c8 01, the text
    expect(hex(w.finish())).toBe(`0acb010ac801${ascii(text)}`);
  });

  it('writes the same bytes whatever the initial buffer size, growing at any point', () => {
    // Prepare
    const write = (w: ProtobufWriter): Uint8Array => {
      w.message(1, () => {
        w.message(1, () => w.string(1, 'label_name'));
        w.message(2, () => w.double(1, 0.25));
      });
      return w.finish();
    };
    const reference = write(new ProtobufWriter(4096));
    for (let size = 1; size <= reference.length; size++) {
      // Act
      const bytes = write(new ProtobufWriter(size));
      // Assess
      expect(hex(bytes), `initial size ${size}`).toBe(hex(reference));
    }
  });
});

describe('encodeWriteRequest', () => {
  it('encodes a tiny WriteRequest byte for byte as prompb defines it', () => {
    // Prepare
    const series: TimeSeriesData[] = [
      {
        labels: [
          ['__name__', 'up'],
          ['job', 'a'],
        ],
        samples: [{ value: 1, timestampMs: 1000 }],
      },
    ];
    // Act
    const bytes = encodeWriteRequest(series, [{ family: 'up', type: 'counter', help: 'h' }]);
    // Assess: computed by hand from the field numbers and wire types
    const labelName = `0a08${ascii('__name__')}1202${ascii('up')}`; // Label{name=1, value=2}: 14 bytes
    const labelJob = `0a03${ascii('job')}1201${ascii('a')}`; // 8 bytes
    const sample = ['09000000000000f03f', '10e807'].join(''); // Sample{value=1 double 1.0 LE, timestamp=2 varint 1000}: 12 bytes
    const timeSeries = `0a0e${labelName}0a08${labelJob}120c${sample}`; // 40 bytes
    const metadata = ['0801', `1202${ascii('up')}`, `2201${ascii('h')}`].join(''); // type=1 COUNTER, family=2, help=4: 9 bytes
    expect(hex(bytes)).toBe(`0a28${timeSeries}1a09${metadata}`);
  });

  it('leaves out zero values and empty strings, as proto3 encoders do', () => {
    // Prepare
    const series: TimeSeriesData[] = [
      { labels: [['__name__', 'z']], samples: [{ value: 0, timestampMs: 0 }] },
    ];
    // Act
    const bytes = encodeWriteRequest(series);
    // Assess: Label{name=1} (13 bytes), then the sample as an empty message
    expect(hex(bytes)).toBe(['0a11', `0a0d0a08${ascii('__name__')}1201${ascii('z')}`, '1200'].join(''));
  });

  it('round-trips any series through snappy and the decoder', () => {
    const labelValue = fc.string({ unit: 'grapheme', maxLength: 20 });
    const value = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0.5));
    const arbitrarySeries = fc.array(
      fc.record({
        labels: fc.tuple(labelValue, labelValue).map(([a, b]): [string, string][] => [
          ['__name__', 'm'],
          ['a', a],
          ['b', b],
        ]),
        samples: fc.array(fc.record({ value, timestampMs: fc.integer({ min: -1e13, max: 1e13 }) }), {
          maxLength: 5,
        }),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(arbitrarySeries, (series) => {
        // Act
        const decoded = decodeRemoteWriteBody(encodeRemoteWriteBody(series));
        // Assess: decoded equal, with proto3 defaults (empty strings, 0) read back as such
        expect(decoded.timeseries).toEqual(
          series.map((s) => ({
            labels: s.labels,
            samples: s.samples.map((x) => ({ ...x, value: x.value === 0 ? 0 : x.value })),
          })),
        );
      }),
    );
  });

  it('is a snappy block a snappy decoder reads back to the same protobuf', () => {
    // Prepare
    const series = groupSeries(
      Array.from({ length: 50 }, (_, i) => ({
        name: 'aiops_requests_total',
        labels: { action: `a${i % 5}`, status: 'success' },
        value: i,
        timestampMs: 1_700_000_000_000 + i,
      })),
    );
    // Act
    const body = encodeRemoteWriteBody(series);
    // Assess
    expect(snappy.uncompress(body)).toEqual(encodeWriteRequest(series));
    expect(body.length).toBeLessThan(encodeWriteRequest(series).length);
  });
});

describe('familiesIn', () => {
  it('names each family once, a histogram by its base name', () => {
    // Prepare
    const metadata = {
      lat: { type: 'histogram', help: 'latency', unit: 'seconds' },
      up: { type: 'gauge', help: 'up' },
    } as const;
    const series = groupSeries([
      { name: 'lat_bucket', labels: { le: '1' }, value: 1, timestampMs: 1 },
      { name: 'lat_sum', labels: {}, value: 1, timestampMs: 1 },
      { name: 'up', labels: {}, value: 1, timestampMs: 1 },
      { name: 'unknown', labels: {}, value: 1, timestampMs: 1 },
    ]);
    // Act
    const families = familiesIn(series, metadata);
    // Assess
    expect(families).toEqual([
      { family: 'lat', ...metadata.lat },
      { family: 'up', ...metadata.up },
    ]);
    expect(decodeWriteRequest(encodeWriteRequest([], families)).metadata).toEqual(families);
  });
});
