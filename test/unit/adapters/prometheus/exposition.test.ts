import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXPOSITION_CONTENT_TYPE,
  escapeLabelValue,
  formatValue,
  renderExposition,
} from '#adapters/prometheus/exposition';
import type { MetricMetadataMap, SeriesSample } from '#adapters/prometheus/series';

const at = 1_700_000_000_000;
const s = (name: string, labels: Record<string, string>, value: number, timestampMs = at): SeriesSample => ({
  name,
  labels,
  value,
  timestampMs,
});

/** Reads a label value back the way the Prometheus text parser does. */
const readEscaped = (text: string): string =>
  text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
const parseValue = (text: string): number =>
  text === '+Inf' ? Number.POSITIVE_INFINITY : text === '-Inf' ? Number.NEGATIVE_INFINITY : Number(text);

describe('formatValue', () => {
  it('writes the special values as Prometheus spells them', () => {
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN].map(formatValue)).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
    ]);
  });

  it('round-trips every double, integers written without a fraction', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(Object.is(parseValue(formatValue(value)), value === 0 ? Math.abs(value) : value)).toBe(true);
      }),
    );
    expect(formatValue(42)).toBe('42');
  });
});

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and line feed so that the value reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const escaped = escapeLabelValue(value);
        expect(escaped).not.toMatch(/\n/);
        expect(escaped.replace(/\\\\|\\"/g, '')).not.toMatch(/"/);
        expect(readEscaped(escaped)).toBe(value);
      }),
    );
  });
});

describe('renderExposition', () => {
  const metadata: MetricMetadataMap = {
    aiops_requests_total: { type: 'counter', help: 'Requests by action\nand "status" \\ outcome.' },
    aiops_llm_parse_duration_seconds: { type: 'histogram', help: 'LLM parse time.', unit: 'seconds' },
  };

  it('writes HELP (escaped), TYPE and samples, label values escaped', () => {
    // Prepare
    const samples = [s('aiops_requests_total', { status: 'success', action: 'say "hi"\\\n' }, 7)];
    // Act
    const text = renderExposition(samples, metadata);
    // Assess
    expect(text).toBe(
      [
        '# HELP aiops_requests_total Requests by action\\nand "status" \\\\ outcome.',
        '# TYPE aiops_requests_total counter',
        'aiops_requests_total{action="say \\"hi\\"\\\\\\n",status="success"} 7',
        '',
      ].join('\n'),
    );
    expect(EXPOSITION_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('groups a histogram per label set: buckets by ascending le with +Inf last, then _sum and _count', () => {
    // Prepare: deliberately shuffled input, two label sets interleaved
    const family = 'aiops_llm_parse_duration_seconds';
    const samples = ['a', 'b'].flatMap((model) => [
      s(`${family}_count`, { model }, 4),
      s(`${family}_bucket`, { le: '+Inf', model }, 4),
      s(`${family}_bucket`, { model, le: '10' }, 3),
      s(`${family}_sum`, { model }, 12.5),
      s(`${family}_bucket`, { model, le: '0.5' }, 1),
      s(`${family}_bucket`, { model, le: '2' }, 2),
    ]);
    samples.sort((x, y) => x.name.localeCompare(y.name));
    // Act
    const lines = renderExposition(samples, metadata).trimEnd().split('\n');
    // Assess
    expect(lines.slice(0, 2)).toEqual([`# HELP ${family} LLM parse time.`, `# TYPE ${family} histogram`]);
    for (const [i, model] of ['a', 'b'].entries()) {
      expect(lines.slice(2 + i * 6, 8 + i * 6)).toEqual([
        `${family}_bucket{model="${model}",le="0.5"} 1`,
        `${family}_bucket{model="${model}",le="2"} 2`,
        `${family}_bucket{model="${model}",le="10"} 3`,
        `${family}_bucket{model="${model}",le="+Inf"} 4`,
        `${family}_sum{model="${model}"} 12.5`,
        `${family}_count{model="${model}"} 4`,
      ]);
    }
  });

  it('shows the latest sample of a series, with its timestamp when asked', () => {
    // Prepare
    const samples = [s('up', {}, 2, at + 1000), s('up', {}, 1, at)];
    // Act
    const text = renderExposition(samples, {}, { timestamps: true });
    // Assess: a family without metadata is written untyped
    expect(text).toBe(`up 2 ${at + 1000}\n`);
  });

  it('names the field of a bucket without a numeric le, and of a stray histogram series', () => {
    // Prepare
    const family = 'aiops_llm_parse_duration_seconds';
    // Act & Assess
    expect(() => renderExposition([s(`${family}_bucket`, { le: 'x' }, 1)], metadata)).toThrow(
      /samples\[0\]\.labels\.le/,
    );
    expect(() => renderExposition([s('ok', {}, 1), s(`${family}_bucket`, {}, 1)], metadata)).toThrow(
      /samples\[1\]\.labels\.le/,
    );
    expect(() => renderExposition([s(family, {}, 1)], metadata)).toThrow(/samples\[0\]\.name/);
  });
});
