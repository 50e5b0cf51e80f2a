/**
 * A bare side that batches conditional writes: TransactWriteItems of 25 conditional
 * UpdateItems (the expressions of the adapter's `writeSection`), the chunks of a batch in
 * parallel. It is the only DynamoDB request that carries several conditional writes; measured
 * as a design option for the batch route, not used by the handler.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { hashAttribute } from '#adapters/dynamodb/decision-item';
import type { SectionWrite } from '#adapters/dynamodb/section-write';
import type { ThroughputSide } from './rounds.ts';

/** The Update of one section write, as `writeSection` sends it (decision sections only). */
function updateOf(table: string, write: SectionWrite) {
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
  const sets = ['#exp = :exp', 'customerId = :cid', 'decisionId = :did'];
  Object.entries(write.attributes).forEach(([attr, value], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  return {
    TableName: table,
    Key: { pk: write.pk },
    UpdateExpression: `SET ${sets.join(', ')} ADD #v :one`,
    ConditionExpression: 'attribute_not_exists(#hash)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/**
 * TransactWriteItems of `chunk` conditional updates per request, all chunks in parallel.
 * @example transactSide(client, db.tables.decisions, 25)
 */
export function transactSide(db: DynamoDBDocumentClient, table: string, chunk = 25): ThroughputSide {
  return {
    name: `bare TransactWriteItems ${chunk}/request`,
    write: async (batch) => {
      const requests = [];
      for (let i = 0; i < batch.length; i += chunk) {
        const TransactItems = batch.slice(i, i + chunk).map((f) => ({ Update: updateOf(table, f.write) }));
        requests.push(db.send(new TransactWriteCommand({ TransactItems })));
      }
      await Promise.all(requests);
      return batch.length;
    },
  };
}
