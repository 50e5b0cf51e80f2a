/**
 * What every benchmark returns: a ratio against a baseline measured side by side in the same
 * run, its target, whether it was met, and details (latencies, rates, sizes).
 */

/** The outcome of one benchmark, as printed by `npm run bench -- --json`. */
export interface BenchResult {
  readonly ratio: number;
  readonly target: number;
  /** `<=`: the ratio passes at or below the target; `>=`: at or above. */
  readonly comparison: '<=' | '>=';
  readonly pass: boolean;
  /** One line for the table: what was compared, with the key figures. */
  readonly summary: string;
  /** Set when the benchmark could not run here (its ratio is then 0 and `pass` false). */
  readonly skipped?: boolean;
  readonly [detail: string]: unknown;
}

/**
 * A result with `pass` computed from the ratio, target and comparison.
 * @example benchResult(1.07, 1.15, '<=', 'p50 2.1 ms vs 1.9 ms', { handler: { p50: 2.1 } })
 */
export function benchResult(
  ratio: number,
  target: number,
  comparison: '<=' | '>=',
  summary: string,
  details: Record<string, unknown> = {},
): BenchResult {
  const pass = comparison === '<=' ? ratio <= target : ratio >= target;
  return { ratio, target, comparison, pass, summary, ...details };
}
