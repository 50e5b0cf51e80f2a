import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DecisionItem } from '#domain/decision-item';

/** BatchGetItem reads at most this many keys per request. */
const BATCH_KEYS = 100;
/** Rounds of unprocessed keys retried before giving up (DynamoDB returns them under load). */
const MAX_ROUNDS = 8;

/**
 * The decision items of these partition keys, in the order given (`undefined` where there is
 * none any more, e.g. expired), read with BatchGetItem (eventually consistent, like the
 * index they were found in), keys DynamoDB left unprocessed asked again.
 * @example const items = await readDecisionItems(db, table, ['acme#d-1', 'acme#d-2']);
 */
export async function readDecisionItems(
  db: DynamoDBDocumentClient,
  table: string,
  pks: readonly string[],
): Promise<(DecisionItem | undefined)[]> {
  const found = new Map<string, DecisionItem>();
  for (let start = 0; start < pks.length; start += BATCH_KEYS) {
    let keys: Record<string, unknown>[] = [...new Set(pks.slice(start, start + BATCH_KEYS))].map((pk) => ({
      pk,
    }));
    for (let round = 0; keys.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGetItem left ${keys.length} keys unprocessed`);
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      const res = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
      for (const item of res.Responses?.[table] ?? []) found.set(item.pk as string, item as DecisionItem);
      keys = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return pks.map((pk) => found.get(pk));
}
