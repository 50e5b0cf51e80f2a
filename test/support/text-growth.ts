/**
 * How the cost of a text operation grows with the length of the text: the time per character
 * of one long text against the same number of characters cut into short texts, measured side
 * by side in interleaved rounds. Linear work gives a ratio near 1; work that grows with the
 * square of the length gives a ratio near long/short (16 for 64K against 4K).
 */
import { performance } from 'node:perf_hooks';

/** The cost per KB of text at both lengths (fastest round of each), and their ratio. */
export interface Growth {
  readonly smallUsPerKb: number;
  readonly largeUsPerKb: number;
  /** largeUsPerKb / smallUsPerKb. */
  readonly ratio: number;
  readonly rounds: number;
}

/** Options of {@link measureGrowth}. */
export interface GrowthOptions {
  /** Characters of each short text. @default 4096 */
  readonly small?: number;
  /** Characters of the long text; a multiple of `small`. @default 65536 */
  readonly large?: number;
  /** Rounds at most, each timing both sides. @default 15 */
  readonly rounds?: number;
  /**
   * A side is repeated until one sample takes at least this long, so timer steps do not count.
   * Short samples are often not preempted at all on a busy machine, and only the fastest counts.
   * @default 1
   */
  readonly minSampleMs?: number;
  /** Stop after a round once the ratio so far is below this (the verdict cannot change). */
  readonly stopBelow?: number;
  /** Start no new round after this many milliseconds. @default 10000 */
  readonly maxMs?: number;
}

const time = (work: () => void, reps: number): number => {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) work();
  return (performance.now() - t0) / reps;
};

/**
 * Measures `run` over texts made by `make` at two lengths. The fastest round of each side
 * counts: load from other processes only ever adds time, so the minimum is the cost itself.
 * @example measureGrowth((t) => redact(t, rules), (n) => 'a.'.repeat(n / 2)).ratio // ≈ 1 when linear
 */
export function measureGrowth(
  run: (text: string) => unknown,
  make: (n: number) => string,
  options: GrowthOptions = {},
): Growth {
  const { small = 4096, large = 65_536, rounds = 15, minSampleMs = 1, stopBelow, maxMs = 10_000 } = options;
  const started = performance.now();
  const shorts = Array.from({ length: Math.round(large / small) }, () => make(small));
  const long = make(large);
  const smallSide = () => {
    for (const text of shorts) run(text);
  };
  const largeSide = () => run(long);
  // The first run of each side warms the code and tells how many repetitions fill a sample.
  const repsFor = (ms: number) => Math.max(1, Math.min(10_000, Math.ceil(minSampleMs / Math.max(ms, 1e-3))));
  const smallReps = repsFor(time(smallSide, 1));
  const largeReps = repsFor(time(largeSide, 1));
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  let done = 0;
  while (done < rounds) {
    bestSmall = Math.min(bestSmall, time(smallSide, smallReps));
    bestLarge = Math.min(bestLarge, time(largeSide, largeReps));
    done++;
    if (stopBelow !== undefined && bestLarge / bestSmall < stopBelow) break;
    if (performance.now() - started > maxMs) break;
  }
  const kb = (shorts.length * small) / 1024;
  return {
    smallUsPerKb: (bestSmall * 1000) / kb,
    largeUsPerKb: (bestLarge * 1000) / (large / 1024),
    ratio: bestLarge / bestSmall,
    rounds: done,
  };
}
