/**
 * The ways `batch-throughput` writes 100 decisions: through the handler; as bare conditional
 * PutItems (the same exactly-once guarantee, the baseline); as a bare BatchWriteItem (no
 * guarantee: a retry writes again); and (to explain a gap) through `ingestBatch` at other
 * concurrencies, through the adapter's write alone, or with no write at all.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeSection } from '#adapters/decision-write';
import { planDecision } from '#adapters/dynamodb/section-write';
import { tableNames } from '#adapters/dynamodb-tables';
import { decisionSchema } from '#contract/decision';
import { ingestBatch, WRITE_CONCURRENCY } from '#domain/ingest-batch';
import { mapLimit } from '#primitives/map-limit';
import type { ApiEvent } from '#runtime/api-handler';
import type { Runtime } from '#runtime/runtime';
import { benchIngestContext, lambdaContext, postEvent } from './api-event.ts';
import type { ThroughputSide } from './rounds.ts';

/**
 * Through the `ingest-decisions` handler, built on `runtime`: one call with `{ decisions: [...] }`,
 * the event (the body the client serialises) built before the clock starts.
 */
export async function handlerSide(runtime: Runtime): Promise<ThroughputSide> {
  const { createIngestDecisionsHandler } = await import('#handlers/ingest-decisions');
  const handler = createIngestDecisionsHandler(runtime);
  return {
    name: 'handler',
    prepare: (batch) => postEvent(JSON.stringify({ decisions: batch.map((f) => f.input) })),
    write: async (_batch, event) => {
      const res = await handler(event as ApiEvent, lambdaContext('ingest-decisions'));
      return (JSON.parse(res.body ?? '{}') as { accepted?: number }).accepted ?? 0;
    },
  };
}

/**
 * Bare conditional PutItems, `concurrency` in flight: each decision written only if its item
 * does not exist yet, the old item returned when it does (what the route needs to tell a retry
 * from a conflict). The same guarantee as the route, at the route's concurrency by default,
 * without the route's code: the baseline of `batch-throughput`.
 */
export function conditionalPutSide(
  db: DynamoDBDocumentClient,
  table: string,
  concurrency = WRITE_CONCURRENCY,
): ThroughputSide {
  return {
    name: `bare conditional PutItem c=${concurrency}`,
    write: async (batch) => {
      await mapLimit(batch, concurrency, (f) =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: f.item,
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return batch.length;
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
 * The adapter's write alone (`writeSection` on the handlers' client) of the already planned
 * writes, `concurrency` in flight: the route without validation, planning and the handler.
 */
export function adapterWriteSide(runtime: Runtime, concurrency: number): ThroughputSide {
  return {
    name: `adapter write c=${concurrency}`,
    write: async (batch) => {
      const table = tableNames(runtime.settings.TABLE_PREFIX).decisions;
      const outcomes = await mapLimit(batch, concurrency, (f) =>
        writeSection(runtime.documents, table, f.write),
      );
      return outcomes.filter((o) => o === 'accepted').length;
    },
  };
}
