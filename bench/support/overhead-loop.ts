/**
 * The measuring loop of `handler-overhead`: one decision through the `ingest-decisions`
 * handler (A) against a bare PutItem of the item it stores (B), interleaved A, B, A, B
 * (optionally A, B, C with C the adapter's conditional write on the bare client).
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
  const { handler } = await import('#handlers/ingest-decisions');
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
  for (let i = 0; i < options.warmup; i++) {
    await viaHandler();
    await bare();
    if (options.withConditionalPut) await update();
  }
  failures = 0;
  const handlerMs: number[] = [];
  const bareMs: number[] = [];
  const conditionalPutMs: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    handlerMs.push(await viaHandler());
    bareMs.push(await bare());
    if (options.withConditionalPut) conditionalPutMs.push(await update());
  }
  db.destroy();
  return { handlerMs, bareMs, conditionalPutMs, failures };
}
