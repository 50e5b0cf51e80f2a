/**
 * A seeded schedule of injected faults for one dependency: each call is refused (during an
 * outage), failed before it reaches the real part, failed after the real part did its work,
 * or passed through. Counts every fault it injects, so a test can report and assert them.
 */
import { createRng, type Rng, seededRandom } from '../../../lib/demo/random.ts';

/** What happens to one call. */
export type FaultDecision = 'pass' | 'before' | 'after' | 'refuse';

/** Options of {@link FaultPlan}. */
export interface FaultPlanOptions {
  /** Seed of the random draws: the same seed draws the same sequence of decisions. */
  readonly seed: number;
  /** Share of calls failed before the real call. @default 0 */
  readonly beforeRate?: number;
  /** Share of calls failed after the real call succeeded. @default 0 */
  readonly afterRate?: number;
  /** Call numbers (1-based) always failed before the real call, so each kind happens at least once. @default [] */
  readonly forceBeforeAt?: readonly number[];
  /** Call numbers (1-based) always failed after the real call. @default [] */
  readonly forceAfterAt?: readonly number[];
}

/** How many calls a plan saw and what it did to them. */
export interface FaultCounts {
  readonly calls: number;
  readonly before: number;
  readonly after: number;
  readonly refused: number;
}

/** An error the plan injected (never one of the real part). */
export class InjectedFault extends Error {
  constructor(
    message: string,
    readonly kind: Exclude<FaultDecision, 'pass'>,
    readonly code: string,
  ) {
    super(message);
    this.name = 'InjectedFault';
  }
}

/**
 * Decides, call by call, which fault to inject; `recover()` ends every fault.
 * @example
 * const plan = new FaultPlan({ seed: 7, beforeRate: 0.05 });
 * if (plan.decide() === 'before') throw new InjectedFault('connection reset', 'before', 'ECONNRESET');
 */
export class FaultPlan {
  private readonly rng: Rng;
  private readonly forcedBefore: ReadonlySet<number>;
  private readonly forcedAfter: ReadonlySet<number>;
  private recovered = false;
  private outageUntil = 0;
  private counts = { calls: 0, before: 0, after: 0, refused: 0 };

  constructor(private readonly options: FaultPlanOptions) {
    this.rng = createRng(seededRandom(options.seed));
    this.forcedBefore = new Set(options.forceBeforeAt ?? []);
    this.forcedAfter = new Set(options.forceAfterAt ?? []);
  }

  /** The fate of the next call. */
  decide(): FaultDecision {
    const call = ++this.counts.calls;
    if (this.recovered) return 'pass';
    if (Date.now() < this.outageUntil) {
      this.counts.refused++;
      return 'refuse';
    }
    // Both draws are taken on every call, so the sequence depends on the seed only.
    const before = this.rng.chance(this.options.beforeRate ?? 0);
    const after = this.rng.chance(this.options.afterRate ?? 0);
    if (before || this.forcedBefore.has(call)) {
      this.counts.before++;
      return 'before';
    }
    if (after || this.forcedAfter.has(call)) {
      this.counts.after++;
      return 'after';
    }
    return 'pass';
  }

  /** Refuses every call for `ms` from now; resolves when the outage is over. */
  outage(ms: number): Promise<void> {
    this.outageUntil = Date.now() + ms;
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Ends every fault: later calls pass. */
  recover(): void {
    this.recovered = true;
  }

  /** What the plan did so far. */
  stats(): FaultCounts {
    return { ...this.counts };
  }
}
