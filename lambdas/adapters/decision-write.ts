import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SectionWrite, WriteOutcome } from '#domain/decision-events';
import { hashAttribute } from '#domain/decision-item';

/**
 * Applies a section write in one conditional UpdateItem: the section's attributes are set
 * only if its hash attribute is absent, and `version` grows by one. On a failed condition
 * the stored hash tells a retry (duplicate) from different content (conflict).
 */
export async function writeSection(
  db: DynamoDBDocumentClient,
  table: string,
  write: SectionWrite,
): Promise<WriteOutcome> {
  const names: Record<string, string> = {
    '#hash': hashAttribute(write.section),
    '#exp': 'expiresAt',
    '#v': 'version',
  };
  const values: Record<string, unknown> = {
    ':exp': write.expiresAt,
    ':one': 1,
    ':cid': write.customerId,
    ':did': write.decisionId,
  };
  const expiry = write.section === 'decision' ? '#exp = :exp' : '#exp = if_not_exists(#exp, :exp)';
  const sets = [expiry, 'customerId = :cid', 'decisionId = :did'];
  Object.entries(write.attributes).forEach(([attr, value], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: write.pk },
        UpdateExpression: `SET ${sets.join(', ')} ADD #v :one`,
        ConditionExpression: 'attribute_not_exists(#hash)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const stored = e.Item?.[hashAttribute(write.section)]?.S ?? (await storedHash(db, table, write));
    return stored === write.hash ? 'duplicate' : 'conflict';
  }
}

async function storedHash(db: DynamoDBDocumentClient, table: string, write: SectionWrite): Promise<unknown> {
  const res = await db.send(
    new GetCommand({
      TableName: table,
      Key: { pk: write.pk },
      ProjectionExpression: '#hash',
      ExpressionAttributeNames: { '#hash': hashAttribute(write.section) },
      ConsistentRead: true,
    }),
  );
  return res.Item?.[hashAttribute(write.section)];
}
