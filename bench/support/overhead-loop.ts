/**
 * The measuring loop of `handler-overhead`: one decision through the `ingest-decisions`
 * handler (A) against a bare PutItem of the item it stores (B), interleaved with the order
 * rotating, A B, B A, ... (optionally with C, the adapter's conditional write on the bare
 * client: A B C, B C A, C A B, ...).
 * Shared by the in-process run and the child that runs with Powertools metrics enabled.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeSection } from '#adapters/decision-write';
import { tableNames } from '#adapters/dynamodb-tables';
import { lambdaContext, postEvent } from './api-event.ts';
import { bareDocumentClient } from './database.ts';
import { decisionFixture } from './decisions.ts';
import { nowMs, percentile } from './stats.ts';

/** How many calls of each side. */
export interface OverheadOptions {
  readonly warmup: number;
  readonly iterations: number;
  /**
   * Also time a third side, the conditional PutItem the handler sends (the adapter's
   * `writeSection` on the bare client), to split the overhead into request type and handler code.
   * @default false
   */
  readonly withConditionalPut?: boolean;
}

/** Latencies (ms) of each side, and handler answers other than 201. */
export interface OverheadSamples {
  readonly handlerMs: number[];
  readonly bareMs: number[];
  /** Empty unless `withConditionalPut`. */
  readonly conditionalPutMs: number[];
  readonly failures: number;
}

/** p50 and p95 of one side, in ms. */
export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
}

/** p50 and p95 of a list of latencies. */
export const summarise = (ms: readonly number[]): LatencySummary => ({
  p50: percentile(ms, 50),
  p95: percentile(ms, 95),
});

/**
 * Runs the interleaved loop. Call after the environment is set (the handler module reads
 * POWERTOOLS_* when first imported). Each call uses a fresh decisionId; building the
 * event and the item is outside the timed part.
 */
export async function measureOverhead(options: OverheadOptions): Promise<OverheadSamples> {
  const { handler } = await import('#entries/ingest-decisions');
  const db = bareDocumentClient();
  const table = tableNames(process.env.TABLE_PREFIX ?? '').decisions;
  let failures = 0;
  const viaHandler = async (): Promise<number> => {
    const event = postEvent(JSON.stringify(decisionFixture().input));
    const context = lambdaContext('ingest-decisions');
    const started = nowMs();
    const res = await handler(event, context);
    const ms = nowMs() - started;
    if (res.statusCode !== 201) failures++;
    return ms;
  };
  const bare = async (): Promise<number> => {
    const command = new PutCommand({ TableName: table, Item: decisionFixture().item });
    const started = nowMs();
    await db.send(command);
    return nowMs() - started;
  };
  const update = async (): Promise<number> => {
    const { write } = decisionFixture();
    const started = nowMs();
    await writeSection(db, table, write);
    return nowMs() - started;
  };
  const sides = [viaHandler, bare, ...(options.withConditionalPut ? [update] : [])];
  const samples: number[][] = sides.map(() => []);
  // The order of the sides rotates from call to call: where a call sits in the sequence moves
  // its latency (the handler always first read about 0.07 higher than the handler always last,
  // same code, same machine), so every side takes every place equally often.
  for (let i = -options.warmup; i < options.iterations; i++) {
    const offset = ((i % sides.length) + sides.length) % sides.length;
    for (let k = 0; k < sides.length; k++) {
      const s = (k + offset) % sides.length;
      const ms = await (sides[s] as () => Promise<number>)();
      if (i >= 0) (samples[s] as number[]).push(ms);
    }
    if (i === -1) failures = 0;
  }
  const [handlerMs = [], bareMs = [], conditionalPutMs = []] = samples;
  db.destroy();
  return { handlerMs, bareMs, conditionalPutMs, failures };
}
