/**
 * Small statistics helpers for the benchmarks (nearest-rank percentiles on raw samples).
 */

/**
 * The `p`-th percentile (0..100) of `samples`, nearest-rank on a sorted copy.
 * @example percentile([3, 1, 2], 50) // 2
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/**
 * The median of `samples` (the mean of the two middle values for an even count).
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Rounds to `digits` decimals, for readable JSON.
 * @example round(1.23456, 3) // 1.235
 */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds since an arbitrary origin, from the monotonic clock. */
export const nowMs = (): number => performance.now();
