import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ALERT_GROUPS_TABLE, alertGroupsTableName } from '#adapters/alert-group-store';

/**
 * Creates the alert groups table (`<prefix>-alert-groups`, the same key and TTL as the
 * alerting stack's) in DynamoDB Local if it is missing, and turns TTL on. Idempotent.
 * @returns the table name.
 */
export async function createAlertGroupsTable(client: DynamoDBClient, prefix: string): Promise<string> {
  const TableName = alertGroupsTableName(prefix);
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: ALERT_GROUPS_TABLE.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: ALERT_GROUPS_TABLE.partitionKey, KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, minDelay: 1, maxDelay: 2, maxWaitTime: 60 }, { TableName });
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName }));
  if (ttl?.TimeToLiveStatus !== 'ENABLED' && ttl?.TimeToLiveStatus !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: ALERT_GROUPS_TABLE.ttlAttribute },
      }),
    );
  }
  return TableName;
}
