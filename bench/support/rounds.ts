/**
 * Throughput measured in interleaved rounds: each round gives every side a fresh batch of
 * decisions (built outside the timed part) and times the side writing it. The order of the
 * sides rotates from round to round, so drift (a growing table, JIT, GC) hits all equally.
 */
import { type DecisionFixture, decisionFixtures } from './decisions.ts';
import { median, nowMs, round } from './stats.ts';

/** One way of writing a batch; resolves to the number of decisions it stored. */
export interface ThroughputSide {
  readonly name: string;
  /**
   * What a client does before it sends (serialising the request body), done outside the timed
   * part; its result is handed to `write`. @default - nothing prepared
   */
  readonly prepare?: (batch: readonly DecisionFixture[]) => unknown;
  readonly write: (batch: readonly DecisionFixture[], prepared?: unknown) => Promise<number>;
}

/** What a side achieved over all rounds. */
export interface SideRate {
  readonly decisions: number;
  readonly stored: number;
  readonly seconds: number;
  /** Decisions stored per second of the side's own time. */
  readonly perSecond: number;
  /** CPU time of this Node.js process per decision (user + system), in ms. */
  readonly nodeCpuMsPerDecision: number;
  /** Decisions stored per second in each timed round, in round order. */
  readonly roundRates: readonly number[];
}

/**
 * The median over rounds of `side`'s rate over `baseline`'s in the same round: the sides of a
 * round run back to back, so a burst of load from another process moves both or one round only.
 * @example medianRoundRatio(rates.handler, rates.bare) // 0.93
 */
export function medianRoundRatio(side: SideRate, baseline: SideRate): number {
  return median(side.roundRates.map((r, i) => r / (baseline.roundRates[i] as number)));
}

/** Options of {@link measureRounds}. */
export interface RoundOptions {
  readonly rounds: number;
  readonly warmupRounds: number;
  /** Decisions per batch (one handler call). */
  readonly batchSize: number;
}

/**
 * Runs warm-up rounds (not counted), then `rounds` timed rounds over all sides.
 * @example const rates = await measureRounds([viaHandler, bare], { rounds: 30, warmupRounds: 3, batchSize: 100 });
 */
export async function measureRounds(
  sides: readonly ThroughputSide[],
  options: RoundOptions,
): Promise<Record<string, SideRate>> {
  const totals = sides.map(() => ({ decisions: 0, stored: 0, ms: 0, cpuUs: 0, roundRates: [] as number[] }));
  for (let r = -options.warmupRounds; r < options.rounds; r++) {
    const offset = ((r % sides.length) + sides.length) % sides.length;
    for (let k = 0; k < sides.length; k++) {
      const i = (k + offset) % sides.length;
      const side = sides[i] as ThroughputSide;
      const batch = decisionFixtures(options.batchSize);
      const prepared = side.prepare?.(batch);
      const cpu = process.cpuUsage();
      const started = nowMs();
      const stored = await side.write(batch, prepared);
      const ms = nowMs() - started;
      const used = process.cpuUsage(cpu);
      if (r < 0) continue;
      const t = totals[i] as (typeof totals)[number];
      t.decisions += batch.length;
      t.stored += stored;
      t.ms += ms;
      t.cpuUs += used.user + used.system;
      t.roundRates.push((stored * 1000) / ms);
    }
  }
  return Object.fromEntries(
    sides.map((s, i) => {
      const t = totals[i] as (typeof totals)[number];
      const rate: SideRate = {
        decisions: t.decisions,
        stored: t.stored,
        seconds: round(t.ms / 1000),
        perSecond: round((t.stored * 1000) / t.ms, 1),
        nodeCpuMsPerDecision: round(t.cpuUs / 1000 / t.decisions),
        roundRates: t.roundRates.map((r) => round(r, 1)),
      };
      return [s.name, rate];
    }),
  );
}
