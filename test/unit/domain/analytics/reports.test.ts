import { describe, expect, it } from 'vitest';
import { REPORTS, reportByName, resolveReportParameters } from '#domain/analytics/reports';
import { parseTimeBound } from '#domain/analytics/time-window';

const NOW = new Date('2026-11-21T10:00:00Z');

describe('report definitions', () => {
  it('each names its columns and uses exactly its parameters, $1..$n', () => {
    for (const r of REPORTS) {
      // Act
      const used = new Set([...r.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      // Assess
      expect([...used].sort(), r.name).toEqual(r.parameters.map((_, i) => i + 1));
      expect(new Set(r.columns.map((c) => c.name)).size, r.name).toBe(r.columns.length);
      expect(r.name, r.name).toMatch(/^[a-z][a-z-]+$/);
    }
    expect(REPORTS.map((r) => r.name)).toEqual([
      'hourly',
      'low-confidence',
      'failures',
      'training-candidates',
      'appliances',
      'actions',
      'intent-agreement',
    ]);
  });

  it('fills defaults and checks every value', () => {
    // Act + Assess
    expect(resolveReportParameters(reportByName('low-confidence'), {}, NOW)).toEqual([
      '2026-11-14T10:00:00.000Z',
      'infinity',
      50,
      0.5,
    ]);
    expect(
      resolveReportParameters(
        reportByName('failures'),
        { since: 'all', until: '2026-11-21', limit: '5' },
        NOW,
      ),
    ).toEqual(['-infinity', '2026-11-21T00:00:00.000Z', 5]);
    expect(() => resolveReportParameters(reportByName('failures'), { limit: '0' }, NOW)).toThrow(
      /--limit: "0"/,
    );
    expect(() => resolveReportParameters(reportByName('failures'), { limit: '2.5' }, NOW)).toThrow(/--limit/);
    expect(() => resolveReportParameters(reportByName('low-confidence'), { threshold: '1.5' }, NOW)).toThrow(
      /--threshold: "1.5" must be a number from 0 to 1/,
    );
    expect(() => resolveReportParameters(reportByName('hourly'), { threshold: '0.4' }, NOW)).toThrow(
      /report hourly takes no --threshold/,
    );
    expect(() => reportByName('nope')).toThrow(/no report "nope"; reports: hourly, low-confidence/);
  });
});

describe('parseTimeBound', () => {
  it.each([
    ['30m', '2026-11-21T09:30:00.000Z'],
    ['24h', '2026-11-20T10:00:00.000Z'],
    ['7d', '2026-11-14T10:00:00.000Z'],
    ['2w', '2026-11-07T10:00:00.000Z'],
    ['2026-11-21T12:00:00+02:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['all', '-infinity'],
  ])('%s', (text, expected) => {
    expect(parseTimeBound(text, NOW, '--since')).toBe(expected);
  });

  it('refuses anything else, naming the option', () => {
    for (const bad of ['yesterday', '24', '2026-13-45', '-1h', ''])
      expect(() => parseTimeBound(bad, NOW, '--since'), bad).toThrow(/--since: ".*" is not a time/);
  });
});
