import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ALERT_GROUPS_TABLE, alertGroupsTableName } from '#adapters/alert-group-store';
import { createTable } from '../dynamodb-local/create-tables.ts';

/**
 * Creates the alert groups table (`<prefix>-alert-groups`, the same key and TTL as the
 * alerting stack's) in DynamoDB Local if it is missing, and turns TTL on. Idempotent.
 * @returns the table name.
 */
export async function createAlertGroupsTable(client: DynamoDBClient, prefix: string): Promise<string> {
  const TableName = alertGroupsTableName(prefix);
  await createTable(
    client,
    {
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: ALERT_GROUPS_TABLE.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: ALERT_GROUPS_TABLE.partitionKey, KeyType: 'HASH' }],
    },
    ALERT_GROUPS_TABLE.ttlAttribute,
  );
  return TableName;
}
