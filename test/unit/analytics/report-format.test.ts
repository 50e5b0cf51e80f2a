import { describe, expect, it } from 'vitest';
import type { ReportColumn } from '#domain/analytics/report-definition';
import { formatReport, MAX_CELL_WIDTH } from '../../../lib/analytics/report-format.ts';

const COLUMNS: ReportColumn[] = [
  { name: 'action', type: 'text', description: '' },
  { name: 'decisions', type: 'integer', description: '' },
  { name: 'rate', type: 'number', description: '' },
  { name: 'verified', type: 'boolean', description: '' },
];
const ROWS = [
  { action: 'dns.add_record', decisions: 12, rate: 0.5, verified: true },
  { action: 'say "hi", then\nleave', decisions: 3, rate: null, verified: false },
];

describe('formatReport', () => {
  it('prints an aligned table, numbers right-aligned, NULL empty, with a row count', () => {
    // Act
    const text = formatReport('table', COLUMNS, ROWS);
    // Assess
    expect(text).toBe(
      [
        'action                decisions  rate  verified',
        '--------------------  ---------  ----  --------',
        'dns.add_record               12   0.5  true',
        'say "hi", then leave          3        false',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('cuts long cells in a table only', () => {
    // Prepare
    const long = [{ action: 'x'.repeat(200), decisions: 1, rate: 1, verified: true }];
    // Act
    const table = formatReport('table', COLUMNS, long);
    const json = formatReport('json', COLUMNS, long);
    // Assess
    expect(table.split('\n')[2]).toContain(`${'x'.repeat(MAX_CELL_WIDTH - 1)}…`);
    expect(JSON.parse(json)[0].action).toHaveLength(200);
  });

  it('writes RFC 4180 CSV with a header and JSON as an array of objects', () => {
    // Act
    const csv = formatReport('csv', COLUMNS, ROWS);
    const json = JSON.parse(formatReport('json', COLUMNS, ROWS));
    // Assess
    expect(csv).toBe(
      'action,decisions,rate,verified\ndns.add_record,12,0.5,true\n"say ""hi"", then\nleave",3,,false\n',
    );
    expect(json).toEqual(ROWS);
  });
});
