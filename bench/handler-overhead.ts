/**
 * `handler-overhead`: one decision through the `ingest-decisions` handler in-process against
 * a bare PutItem of the same item on the same DynamoDB Local. ratio = handler p50 / bare p50.
 * The details split the difference: the price of the write being conditional (the adapter's
 * conditional PutItem on the bare client), the handler's own code, and that code stage by stage.
 */
import { POWERTOOLS_BENCH_ENV } from './support/database.ts';
import { forkChild } from './support/fork-child.ts';
import {
  type LatencySummary,
  measureOverhead,
  type OverheadOptions,
  summarise,
} from './support/overhead-loop.ts';
import { measureStages } from './support/overhead-stages.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { round } from './support/stats.ts';

/** handler p50 / bare p50 must stay at or below this. */
export const HANDLER_OVERHEAD_TARGET = 1.15;

const MAIN: OverheadOptions = { warmup: 250, iterations: 1000, withConditionalPut: true };
/** The metrics-enabled variant is a detail: a shorter run in a child process. */
const WITH_METRICS: OverheadOptions = { warmup: 200, iterations: 1000 };

interface ChildSummary {
  readonly handler: LatencySummary;
  readonly bare: LatencySummary;
  readonly failures: number;
}

const ms = (s: LatencySummary) => ({ p50: round(s.p50), p95: round(s.p95) });

/** Runs the loop again in a child with POWERTOOLS_METRICS_DISABLED=false; its EMF stdout is dropped. */
function measureWithMetrics(): Promise<ChildSummary> {
  return forkChild(
    new URL('./support/overhead-child.ts', import.meta.url),
    { POWERTOOLS_METRICS_DISABLED: 'false', BENCH_OVERHEAD_OPTIONS: JSON.stringify(WITH_METRICS) },
    'metrics-enabled run',
  );
}

/**
 * Measures the handler's overhead over the bare write. Needs the bench database running and
 * the environment set ({@link startBenchDatabase}).
 */
export async function handlerOverhead(): Promise<BenchResult> {
  const samples = await measureOverhead(MAIN);
  const handler = summarise(samples.handlerMs);
  const bare = summarise(samples.bareMs);
  const conditional = summarise(samples.conditionalPutMs);
  const stages = await measureStages();
  const metricsOn = await measureWithMetrics();
  const ratio = round(handler.p50 / bare.p50);
  return benchResult(
    ratio,
    HANDLER_OVERHEAD_TARGET,
    '<=',
    `p50 ${round(handler.p50, 2)} ms handler vs ${round(bare.p50, 2)} ms bare PutItem`,
    {
      iterations: MAIN.iterations,
      warmup: MAIN.warmup,
      handlerMs: ms(handler),
      bareMs: ms(bare),
      p95Ratio: round(handler.p95 / bare.p95),
      bareConditionalPutMs: ms(conditional),
      split: {
        note: 'the conditional PutItem the handler sends (attribute_not_exists(pk), ALL_OLD), on the bare client: the price of exactly-once vs the handler code',
        conditionalPutOverPut: round(conditional.p50 / bare.p50),
        handlerOverConditionalPut: round(handler.p50 / conditional.p50),
        handlerCodeP50Ms: round(handler.p50 - conditional.p50),
      },
      stages,
      handlerFailures: samples.failures,
      powertools: { ...POWERTOOLS_BENCH_ENV },
      withMetricsEnabled: {
        ratio: round(metricsOn.handler.p50 / metricsOn.bare.p50),
        iterations: WITH_METRICS.iterations,
        handlerMs: ms(metricsOn.handler),
        bareMs: ms(metricsOn.bare),
        handlerFailures: metricsOn.failures,
        note: 'POWERTOOLS_METRICS_DISABLED=false, in a child process whose EMF stdout is discarded',
      },
    },
  );
}
