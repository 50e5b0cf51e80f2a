/**
 * The human-readable report of `npm run bench`.
 */
import { detailLines } from './details.ts';
import type { BenchResult } from './result.ts';

const pad = (s: string, n: number) => s.padEnd(n);

/**
 * A table of the results (one row each), the figures behind each, then a line per missed target.
 * @example process.stdout.write(formatTable({ 'handler-overhead': result }))
 */
export function formatTable(
  results: Readonly<Record<string, BenchResult>>,
  notes: readonly string[],
): string {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    r.ratio.toFixed(3),
    `${r.comparison} ${r.target}`,
    r.skipped ? 'skipped' : r.pass ? 'pass' : 'MISSED',
    r.summary,
  ]);
  const head = ['benchmark', 'ratio', 'target', 'result', 'measured'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] as number))).join('  ');
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const [name, r] of Object.entries(results))
    out.push(`${name}:`, ...detailLines(name, r).map((l) => `  ${l}`), '');
  const missed = Object.entries(results).filter(([, r]) => !r.pass && !r.skipped);
  const skipped = Object.entries(results).filter(([, r]) => r.skipped);
  if (missed.length === 0) out.push(skipped.length > 0 ? 'All targets met that ran.' : 'All targets met.');
  for (const [name, r] of skipped) out.push(`SKIPPED ${name} (${r.summary})`);
  for (const [name, r] of missed) {
    out.push(`MISSED ${name}: ratio ${r.ratio} (target ${r.comparison} ${r.target})`);
  }
  out.push('', ...notes.map((n) => `note: ${n}`), '');
  return out.join('\n');
}
