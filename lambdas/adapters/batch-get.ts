import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem reads at most this many keys per request. */
const BATCH_KEYS = 100;
/** Rounds of unprocessed keys asked again before giving up (DynamoDB leaves some under load). */
const MAX_ROUNDS = 8;

/** A primary key: attribute name to string value (`{ pk }` or `{ pk, sk }`). */
export type ItemKey = Readonly<Record<string, string>>;

const identity = (key: ItemKey, attributes: readonly string[]) =>
  attributes.map((a) => key[a]).join('\u0000');

/**
 * The items of these keys from a table, in the order given (`undefined` where there is none
 * any more, e.g. expired), read with BatchGetItem (eventually consistent, like the index the
 * keys came from); keys DynamoDB leaves unprocessed are asked again.
 * An index that holds only keys and what its queries filter on answers which items; this
 * reads them.
 * @example const items = await batchGetItems(db, table, [{ pk: 'acme#d-1' }, { pk: 'acme#d-2' }]);
 */
export async function batchGetItems<T>(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly ItemKey[],
): Promise<(T | undefined)[]> {
  const attributes = Object.keys(keys[0] ?? {});
  const found = new Map<string, T>();
  const distinct = [...new Map(keys.map((k) => [identity(k, attributes), k])).values()];
  for (let start = 0; start < distinct.length; start += BATCH_KEYS) {
    let pending: ItemKey[] = distinct.slice(start, start + BATCH_KEYS);
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      const res = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const item of res.Responses?.[table] ?? [])
        found.set(identity(item as ItemKey, attributes), item as T);
      pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as ItemKey[];
    }
  }
  return keys.map((k) => found.get(identity(k, attributes)));
}
