/**
 * `batch-throughput`: decisions per second through the batch route (100 per handler call)
 * against bare BatchWriteItem of the same items (4 requests of 25 in parallel), interleaved
 * in rounds on the same DynamoDB Local. ratio = handler rate / bare rate.
 */

import { bareBatchSide, conditionalUpdateSide, handlerSide, ingestBatchSide } from './support/batch-sides.ts';
import { type BenchDatabase, bareDocumentClient } from './support/database.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { measureRounds, type RoundOptions, type SideRate, type ThroughputSide } from './support/rounds.ts';
import { round } from './support/stats.ts';
import { transactSide } from './support/transact-side.ts';

/** handler rate / bare rate must reach this. */
export const BATCH_THROUGHPUT_TARGET = 0.85;

const MAIN: RoundOptions = { rounds: 32, warmupRounds: 3, batchSize: 100 };
const VARIANTS: RoundOptions = { rounds: 10, warmupRounds: 1, batchSize: 100 };
/** Concurrencies of `ingestBatch` tried when the target is missed (the handler uses 25). */
const CONCURRENCIES = [5, 25, 100] as const;

/** Options of {@link batchThroughput}. */
export interface BatchThroughputOptions {
  /** `auto`: measure the variants only when the target is missed. @default 'auto' */
  readonly variants?: 'auto' | 'always' | 'never';
}

/**
 * Measures batch ingest throughput against the bare write, and on a miss explains it with
 * variants each measured against a bare side of their own rounds.
 */
export async function batchThroughput(
  db: BenchDatabase,
  options: BatchThroughputOptions = {},
): Promise<BenchResult> {
  const client = bareDocumentClient();
  const bare = bareBatchSide(client, db.tables.decisions);
  const main = await measureRounds([await handlerSide(db.runtime), bare], MAIN);
  const handler = main.handler as SideRate;
  const bareRate = main.bare as SideRate;
  const ratio = round(handler.perSecond / bareRate.perSecond);
  const mode = options.variants ?? 'auto';
  const missed = ratio < BATCH_THROUGHPUT_TARGET;
  const variants =
    mode === 'always' || (mode === 'auto' && missed)
      ? await measureVariants(db, bare, transactSide(client, db.tables.decisions))
      : undefined;
  client.destroy();
  return benchResult(
    ratio,
    BATCH_THROUGHPUT_TARGET,
    '>=',
    `${Math.round(handler.perSecond)}/s handler vs ${Math.round(bareRate.perSecond)}/s bare BatchWriteItem`,
    {
      batchSize: MAIN.batchSize,
      rounds: MAIN.rounds,
      handler,
      bare: bareRate,
      handlerConcurrency: 25,
      ...(variants ? { variants } : {}),
    },
  );
}

/** Every variant against the bare BatchWriteItem, in rounds of their own. */
async function measureVariants(db: BenchDatabase, bare: ThroughputSide, transact: ThroughputSide) {
  const sides = [
    bare,
    ...CONCURRENCIES.map((c) => ingestBatchSide(db.runtime, c)),
    conditionalUpdateSide(db.runtime, 25),
    transact,
    ingestBatchSide(db.runtime, 25, 'none'),
  ];
  const rates = await measureRounds(sides, VARIANTS);
  const bareRate = (rates.bare as SideRate).perSecond;
  return {
    rounds: VARIANTS.rounds,
    note: 'each side against the bare BatchWriteItem of these rounds; nodeCpu = this process, per decision',
    sides: Object.fromEntries(
      sides.map((s) => {
        const r = rates[s.name] as SideRate;
        const cpu = r.nodeCpuMsPerDecision;
        return [s.name, { perSecond: r.perSecond, ratio: round(r.perSecond / bareRate), nodeCpuMs: cpu }];
      }),
    ),
  };
}
