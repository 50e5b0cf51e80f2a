/**
 * The ways `batch-throughput` writes 100 decisions: through the handler, as a bare
 * BatchWriteItem, and (to explain a gap) through `ingestBatch` at other concurrencies, as bare
 * conditional UpdateItems, or with no write at all.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeSection } from '#adapters/decision-write';
import { planDecision } from '#adapters/dynamodb/section-write';
import { tableNames } from '#adapters/dynamodb-tables';
import { decisionSchema } from '#contract/decision';
import { ingestBatch } from '#domain/ingest-batch';
import type { Runtime } from '#runtime/runtime';
import { mapLimit } from '#shared/map-limit';
import { benchIngestContext, lambdaContext, postEvent } from './api-event.ts';
import type { ThroughputSide } from './rounds.ts';

/** Through the `ingest-decisions` handler, built on `runtime`: one call with `{ decisions: [...] }`. */
export async function handlerSide(runtime: Runtime): Promise<ThroughputSide> {
  const { createIngestDecisionsHandler } = await import('#handlers/ingest-decisions');
  const handler = createIngestDecisionsHandler(runtime);
  return {
    name: 'handler',
    write: async (batch) => {
      const res = await handler(
        postEvent(JSON.stringify({ decisions: batch.map((f) => f.input) })),
        lambdaContext('ingest-decisions'),
      );
      return (JSON.parse(res.body ?? '{}') as { accepted?: number }).accepted ?? 0;
    },
  };
}

/** Bare BatchWriteItem: requests of 25 items, all in parallel, UnprocessedItems retried. */
export function bareBatchSide(db: DynamoDBDocumentClient, table: string): ThroughputSide {
  const writeChunk = async (items: readonly Record<string, unknown>[]): Promise<void> => {
    let pending = { [table]: items.map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; (pending[table]?.length ?? 0) > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(100, 5 * 2 ** attempt)));
      const res = await db.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = (res.UnprocessedItems ?? {}) as typeof pending;
    }
  };
  return {
    name: 'bare',
    write: async (batch) => {
      const chunks: Record<string, unknown>[][] = [];
      for (let i = 0; i < batch.length; i += 25) chunks.push(batch.slice(i, i + 25).map((f) => f.item));
      await Promise.all(chunks.map(writeChunk));
      return batch.length;
    },
  };
}

/**
 * `ingestBatch` called directly with the handler's spec but `concurrency` writes in flight
 * (no middy, no response building). With `write: 'none'` nothing is written: the CPU cost of
 * validating, redacting and hashing alone.
 */
export function ingestBatchSide(
  runtime: Runtime,
  concurrency: number,
  write: 'dynamodb' | 'none' = 'dynamodb',
): ThroughputSide {
  return {
    name: write === 'none' ? 'ingestBatch, no write' : `ingestBatch c=${concurrency}`,
    write: async (batch) => {
      const ctx = benchIngestContext();
      const { decisions } = runtime.stores;
      const answer = await ingestBatch(JSON.parse(JSON.stringify({ decisions: batch.map((f) => f.input) })), {
        batchKey: 'decisions',
        schema: decisionSchema,
        idOf: (d) => d.decisionId,
        timestampsOf: (d) => ({ occurredAt: d.occurredAt }),
        write:
          write === 'none'
            ? async (d) => {
                planDecision(d, ctx);
                return 'accepted';
              }
            : (d) => decisions.write({ section: 'decision', event: d }, ctx),
        now: ctx.receivedAt,
        concurrency,
      });
      return answer.kind === 'batch' ? answer.summary.accepted : 0;
    },
  };
}

/**
 * Bare conditional UpdateItems: the adapter's `writeSection` of the already planned writes,
 * `concurrency` in flight. The DynamoDB cost of the handler's write strategy, without its CPU.
 */
export function conditionalUpdateSide(runtime: Runtime, concurrency: number): ThroughputSide {
  return {
    name: `bare UpdateItem c=${concurrency}`,
    write: async (batch) => {
      const table = tableNames(runtime.settings.TABLE_PREFIX).decisions;
      const outcomes = await mapLimit(batch, concurrency, (f) =>
        writeSection(runtime.documents, table, f.write),
      );
      return outcomes.filter((o) => o === 'accepted').length;
    },
  };
}
