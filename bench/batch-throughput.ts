/**
 * `batch-throughput`: decisions per second through the batch route (100 per handler call)
 * against bare writes that give the same guarantee: conditional PutItems of the same items
 * (each written only if it is not there yet), as many in flight as the route keeps, interleaved
 * in rounds on the same DynamoDB Local. ratio = the median over rounds of handler rate /
 * conditional rate in that round (the overall rates are in the details).
 *
 * The price of exactly-once stays visible beside it: the same rounds time a bare
 * BatchWriteItem (4 requests of 25 in parallel), which is faster but writes a retried
 * decision again.
 */

import { WRITE_CONCURRENCY } from '#domain/ingest-batch';
import {
  adapterWriteSide,
  bareBatchSide,
  conditionalPutSide,
  handlerSide,
  ingestBatchSide,
} from './support/batch-sides.ts';
import { type BenchDatabase, bareDocumentClient } from './support/database.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import {
  measureRounds,
  medianRoundRatio,
  type RoundOptions,
  type SideRate,
  type ThroughputSide,
} from './support/rounds.ts';
import { round } from './support/stats.ts';
import { transactSide } from './support/transact-side.ts';

/** handler rate / conditional PutItem rate must reach this. */
export const BATCH_THROUGHPUT_TARGET = 0.9;

const MAIN: RoundOptions = { rounds: 32, warmupRounds: 3, batchSize: 100 };
const VARIANTS: RoundOptions = { rounds: 10, warmupRounds: 1, batchSize: 100 };
/** Concurrencies of `ingestBatch` tried when the target is missed. */
const CONCURRENCIES = [5, WRITE_CONCURRENCY, 100] as const;

/** Options of {@link batchThroughput}. */
export interface BatchThroughputOptions {
  /** `auto`: measure the variants only when the target is missed. @default 'auto' */
  readonly variants?: 'auto' | 'always' | 'never';
}

/**
 * Measures batch ingest throughput against the bare conditional writes, and on a miss explains
 * it with variants each measured against a baseline of their own rounds.
 */
export async function batchThroughput(
  db: BenchDatabase,
  options: BatchThroughputOptions = {},
): Promise<BenchResult> {
  const client = bareDocumentClient();
  const conditional = conditionalPutSide(client, db.tables.decisions);
  const batchWrite = bareBatchSide(client, db.tables.decisions);
  const main = await measureRounds([await handlerSide(db.runtime), conditional, batchWrite], MAIN);
  const handler = main.handler as SideRate;
  const baseline = main[conditional.name] as SideRate;
  const unconditional = main.bare as SideRate;
  const ratio = round(medianRoundRatio(handler, baseline));
  const handlerOverBatchWriteItem = round(medianRoundRatio(handler, unconditional));
  const mode = options.variants ?? 'auto';
  const missed = ratio < BATCH_THROUGHPUT_TARGET;
  const variants =
    mode === 'always' || (mode === 'auto' && missed)
      ? await measureVariants(db, conditional, transactSide(client, db.tables.decisions))
      : undefined;
  client.destroy();
  return benchResult(
    ratio,
    BATCH_THROUGHPUT_TARGET,
    '>=',
    `${Math.round(handler.perSecond)}/s handler vs ${Math.round(baseline.perSecond)}/s bare conditional PutItem (c=${WRITE_CONCURRENCY}); ${handlerOverBatchWriteItem}x of bare BatchWriteItem`,
    {
      batchSize: MAIN.batchSize,
      rounds: MAIN.rounds,
      concurrency: WRITE_CONCURRENCY,
      overallRateRatio: round(handler.perSecond / baseline.perSecond),
      handler: withoutRounds(handler),
      baseline: { ...withoutRounds(baseline), note: conditional.name },
      bareBatchWriteItem: withoutRounds(unconditional),
      exactlyOnce: {
        note: 'the price of exactly-once: rates against a bare BatchWriteItem (no condition; a retry writes again)',
        handlerOverBatchWriteItem,
        conditionalPutOverBatchWriteItem: round(medianRoundRatio(baseline, unconditional)),
      },
      ...(variants ? { variants } : {}),
    },
  );
}

/** A side's rate without the rate of each round (the ratios are computed from them). */
const withoutRounds = ({ roundRates: _r, ...rate }: SideRate) => rate;

/** Every variant against the bare conditional PutItems, in rounds of their own. */
async function measureVariants(db: BenchDatabase, baseline: ThroughputSide, transact: ThroughputSide) {
  const sides = [
    baseline,
    ...CONCURRENCIES.map((c) => ingestBatchSide(db.runtime, c)),
    adapterWriteSide(db.runtime, WRITE_CONCURRENCY),
    transact,
    ingestBatchSide(db.runtime, WRITE_CONCURRENCY, 'none'),
  ];
  const rates = await measureRounds(sides, VARIANTS);
  const base = rates[baseline.name] as SideRate;
  return {
    rounds: VARIANTS.rounds,
    note: 'each side against the bare conditional PutItems of these rounds (median of the per-round ratios); nodeCpu = this process, per decision',
    sides: Object.fromEntries(
      sides.map((s) => {
        const r = rates[s.name] as SideRate;
        const cpu = r.nodeCpuMsPerDecision;
        return [s.name, { perSecond: r.perSecond, ratio: round(medianRoundRatio(r, base)), nodeCpuMs: cpu }];
      }),
    ),
  };
}
