import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { WriteOutcome } from '#domain/decision-lifecycle';
import type { DecisionItem } from './dynamodb/decision-item.ts';
import { applySectionWrite, type SectionWrite } from './dynamodb/section-write.ts';
import { UNMARSHALL_OPTIONS } from './dynamodb-client.ts';

/**
 * Applies a section write. A decision usually comes first: one conditional PutItem of the
 * whole new item; when the item already exists (another event came first) the write becomes
 * a conditional UpdateItem of the section's own attributes. An execution or a feedback
 * usually finds its decision: one conditional UpdateItem, which creates the same item when
 * there is none (a failed PutItem first would be billed for the whole stored item).
 * On a failed condition the old item, judged by the same pure rule (`applySectionWrite`),
 * tells a retry (duplicate) from different content (conflict) or a full decision (limit).
 */
export async function writeSection(
  db: DynamoDBDocumentClient,
  table: string,
  write: SectionWrite,
): Promise<WriteOutcome> {
  if (write.section !== 'decision') return updateItem(db, table, write);
  const created = await createItem(db, table, write);
  return created === 'exists' ? updateItem(db, table, write) : created;
}

/** PutItem of the item as the pure merge would build it from nothing, if there is none. */
async function createItem(
  db: DynamoDBDocumentClient,
  table: string,
  write: SectionWrite,
): Promise<WriteOutcome | 'exists'> {
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: applySectionWrite(undefined, write).item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'accepted';
  } catch (e) {
    if (isItemTooLarge(e)) return 'too_large';
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const old = (e.Item ? unmarshall(e.Item, UNMARSHALL_OPTIONS) : await storedItem(db, table, write.pk)) as
      | DecisionItem
      | undefined;
    if (!old) return createItem(db, table, write); // deleted meanwhile (TTL): try again
    return old[write.guard] === undefined ? 'exists' : applySectionWrite(old, write).outcome;
  }
}

/** UpdateItem of the section's attributes while its guard is absent (and a counter below its limit). */
async function updateItem(
  db: DynamoDBDocumentClient,
  table: string,
  write: SectionWrite,
): Promise<WriteOutcome> {
  const names: Record<string, string> = { '#guard': write.guard, '#exp': 'expiresAt', '#v': 'version' };
  const values: Record<string, unknown> = {
    ':exp': write.expiresAt,
    ':one': 1,
    ':cid': write.customerId,
    ':did': write.decisionId,
  };
  // The decision's own expiry wins; the other events only set one when there is none yet.
  const expiry = write.section === 'decision' ? '#exp = :exp' : '#exp = if_not_exists(#exp, :exp)';
  const sets = [expiry, 'customerId = :cid', 'decisionId = :did'];
  Object.entries(write.attributes).forEach(([attr, value], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  const adds = ['#v :one'];
  let condition = 'attribute_not_exists(#guard)';
  if (write.limit) {
    names['#count'] = write.limit.counter;
    values[':max'] = write.limit.max;
    adds.push('#count :one');
    condition += ' AND (attribute_not_exists(#count) OR #count < :max)';
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: write.pk },
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'accepted';
  } catch (e) {
    if (isItemTooLarge(e)) return 'too_large';
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const old = e.Item ? unmarshall(e.Item, UNMARSHALL_OPTIONS) : await storedItem(db, table, write.pk);
    return applySectionWrite(old as DecisionItem | undefined, write).outcome;
  }
}

/** DynamoDB refuses an update whose result passes the 400 KB item limit. */
const isItemTooLarge = (e: unknown): boolean =>
  (e as Error)?.name === 'ValidationException' && /item size/i.test((e as Error).message);

async function storedItem(db: DynamoDBDocumentClient, table: string, pk: string): Promise<unknown> {
  const res = await db.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }));
  return res.Item;
}
