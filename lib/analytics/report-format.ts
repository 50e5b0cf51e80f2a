/**
 * How `aiops-obs report` prints rows: an aligned table for people, JSON or CSV for tools.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportColumn } from '#domain/analytics/report-definition';
import type { ReportRow, ReportValue } from './run-report.ts';

/** The output formats. */
export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Widest a table cell gets before it is cut with `…` (JSON and CSV are never cut). */
export const MAX_CELL_WIDTH = 60;

const cell = (value: ReportValue): string => {
  if (value === null) return '';
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > MAX_CELL_WIDTH ? `${text.slice(0, MAX_CELL_WIDTH - 1)}…` : text;
};

function table(columns: readonly ReportColumn[], rows: readonly ReportRow[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(r[c.name] ?? null)));
  const widths = columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map((c) => c.type === 'integer' || c.type === 'number');
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

/**
 * The rows in `format`: `table` (aligned, long cells cut, a row count), `json` (an array of
 * objects, pretty-printed) or `csv` (RFC 4180, a header line, empty for NULL).
 * @example formatReport('csv', report.columns, rows) // 'hour,decisions,…\n2026-11-21T10:00:00Z,42,…\n'
 */
export function formatReport(
  format: ReportFormat,
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return stringify(
        rows.map((r) => columns.map((c) => r[c.name] ?? null)),
        { header: true, columns: columns.map((c) => c.name), cast: { boolean: (b) => String(b) } },
      );
    case 'table':
      return table(columns, rows);
  }
}
