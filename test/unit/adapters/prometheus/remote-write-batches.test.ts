import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchSeries, groupSeries, sampleCount } from '#adapters/prometheus/remote-write-batches';
import type { SeriesSample } from '#adapters/prometheus/series';

const sample = (
  name: string,
  labels: Record<string, string>,
  timestampMs: number,
  value = 1,
): SeriesSample => ({
  name,
  labels,
  value,
  timestampMs,
});

describe('groupSeries', () => {
  it('puts __name__ first, sorts the other labels and the timestamps, drops empty label values', () => {
    // Prepare
    const samples = [
      sample('m', { zeta: 'z', alpha: 'a', empty: '' }, 3000, 3),
      sample('m', { alpha: 'a', zeta: 'z' }, 1000, 1),
      sample('m', { zeta: 'z', alpha: 'a' }, 2000, 2),
    ];
    // Act
    const series = groupSeries(samples);
    // Assess
    expect(series).toEqual([
      {
        labels: [
          ['__name__', 'm'],
          ['alpha', 'a'],
          ['zeta', 'z'],
        ],
        samples: [1000, 2000, 3000].map((timestampMs, i) => ({ value: i + 1, timestampMs })),
      },
    ]);
  });

  it('collapses a repeated sample and rejects two values at one timestamp', () => {
    // Prepare
    const same = [sample('m', {}, 1000, 5), sample('m', {}, 1000, 5)];
    const conflicting = [sample('m', { a: 'b' }, 1000, 5), sample('m', { a: 'b' }, 1000, 6)];
    // Act & Assess
    expect(groupSeries(same)[0]?.samples).toHaveLength(1);
    expect(() => groupSeries(conflicting)).toThrow(/"a":"b".*two values \(5, 6\) at timestampMs 1000/);
  });

  it.each([
    [{ name: 'bad-name' }, /samples\[0\]\.name/],
    [{ labels: { 'bad-label': 'x' } }, /samples\[0\]\.labels\.bad-label/],
    [{ labels: { __name__: 'x' } }, /samples\[0\]\.labels\.__name__/],
    [{ labels: { a: 1 } }, /samples\[0\]\.labels\.a: must be a string/],
    [{ value: '1' }, /samples\[0\]\.value/],
    [{ timestampMs: 1.5 }, /samples\[0\]\.timestampMs/],
  ])('rejects %o with an error naming the field', (override, message) => {
    // Prepare
    const bad = { ...sample('m', {}, 1000), ...override } as unknown as SeriesSample;
    // Act & Assess
    expect(() => groupSeries([bad])).toThrow(message);
  });
});

describe('batchSeries', () => {
  const arbitrarySamples = fc.array(
    fc.record({
      series: fc.integer({ min: 0, max: 30 }),
      timestampMs: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 400 },
  );

  it('keeps every sample once, each series whole and ascending, at most N per request', () => {
    fc.assert(
      fc.property(arbitrarySamples, fc.integer({ min: 1, max: 50 }), (raw, max) => {
        // Prepare: values derived from the timestamp, so duplicates never conflict
        const samples = raw.map((r) => sample('m', { s: String(r.series) }, r.timestampMs, r.timestampMs));
        const series = groupSeries(samples);
        // Act
        const batches = batchSeries(series, max);
        // Assess
        const distinct = new Set(raw.map((r) => `${r.series}/${r.timestampMs}`)).size;
        expect(batches.reduce((n, b) => n + sampleCount(b), 0)).toBe(distinct);
        const seen = new Map<string, number[]>();
        for (const batch of batches) {
          expect(sampleCount(batch)).toBeLessThanOrEqual(max);
          for (const s of batch) {
            const key = JSON.stringify(s.labels);
            const times = s.samples.map((x) => x.timestampMs);
            expect(times).toEqual([...times].sort((a, b) => a - b));
            seen.set(key, [...(seen.get(key) ?? []), ...times]);
          }
        }
        for (const s of series) {
          const key = JSON.stringify(s.labels);
          const times = seen.get(key) ?? [];
          // ascending across requests too, and in one request unless the series alone exceeds N
          expect(times).toEqual(s.samples.map((x) => x.timestampMs));
          const requests = batches.filter((b) => b.some((x) => JSON.stringify(x.labels) === key)).length;
          expect(requests).toBe(Math.max(1, Math.ceil(s.samples.length / max)));
        }
      }),
    );
  });

  it('fills requests up to the limit before starting the next one', () => {
    // Prepare: 5 series × 600 samples with a limit of 2,000
    const samples = Array.from({ length: 3000 }, (_, i) => sample('m', { s: String(i % 5) }, i));
    // Act
    const batches = batchSeries(groupSeries(samples), 2000);
    // Assess
    expect(batches.map(sampleCount)).toEqual([1800, 1200]);
  });

  it('rejects a limit that is not a positive integer, naming the option', () => {
    expect(() => batchSeries([], 0)).toThrow(/maxSamplesPerRequest/);
  });
});
