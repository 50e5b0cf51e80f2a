/**
 * Child process of `handler-overhead`: runs the same loop with the environment it was given
 * (Powertools metrics enabled) and sends the p50/p95 of both sides to its parent over IPC.
 * Its stdout (the EMF metrics) is discarded by the parent.
 */
import { measureOverhead, type OverheadOptions, summarise } from './overhead-loop.ts';

const options = JSON.parse(process.env.BENCH_OVERHEAD_OPTIONS ?? '{}') as OverheadOptions;
const samples = await measureOverhead(options);
process.send?.(
  {
    handler: summarise(samples.handlerMs),
    bare: summarise(samples.bareMs),
    failures: samples.failures,
  },
  () => process.exit(0),
);
