import { REPORTS } from '#domain/analytics/reports';

/**
 * The reports, each with what it answers and its parameter defaults: printed by
 * `aiops-obs report` without a name and under `aiops-obs report --help`.
 */
export function reportList(): string {
  const width = Math.max(...REPORTS.map((r) => r.name.length));
  const lines = REPORTS.map((r) => {
    const params = r.parameters.map((p) => `--${p.name} ${p.default}`).join(' ');
    return `  ${r.name.padEnd(width)}  ${r.description}\n  ${' '.repeat(width)}  defaults: ${params}`;
  });
  return `Reports:\n${lines.join('\n')}\n`;
}
