/**
 * Creates the project's tables (from the shared definitions) in DynamoDB Local.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type Projection,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type IndexDefinition,
  indexProjection,
  TABLES,
  type TableDefinition,
  tableNames,
} from '#adapters/dynamodb-tables';

const keySchema = (partitionKey: string, sortKey?: string): KeySchemaElement[] => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' as const }]),
];

/**
 * The CreateTable input for one table definition: on-demand billing, string keys, every index a
 * GSI projecting what its definition names (as the CDK data stack does), and a NEW_AND_OLD_IMAGES stream when the table has one.
 * TTL is not part of CreateTable; {@link createTables} sets it afterwards.
 *
 * @example
 * createTableInput(KEYS_TABLE, 'dev').TableName; // 'dev-keys'
 */
export function createTableInput(def: TableDefinition, prefix: string): CreateTableCommandInput {
  const keyAttributes = [
    def.partitionKey,
    ...(def.sortKey === undefined ? [] : [def.sortKey]),
    ...def.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const attributeDefinitions: AttributeDefinition[] = [...new Set(keyAttributes)].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  return {
    TableName: tableNames(prefix)[def.name],
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.indexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: def.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: projectionOf(index),
          })),
        }),
    ...(def.stream
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }
      : {}),
  };
}

const projectionOf = (index: IndexDefinition): Projection => {
  const p = indexProjection(index);
  return p.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.attributes] }
    : { ProjectionType: p.type };
};

const enableTtl = async (client: DynamoDBClient, tableName: string, attribute: string): Promise<void> => {
  const { TimeToLiveDescription: current } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = current?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && current?.AttributeName === attribute) {
    return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
};

/**
 * Creates one table in DynamoDB Local unless it exists, waits until it is ACTIVE and, when
 * `ttlAttribute` is given, turns TTL on for it unless already on. Idempotent.
 *
 * @example
 * await createTable(client, createTableInput(KEYS_TABLE, 'dev'));
 */
export async function createTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
  ttlAttribute?: string,
): Promise<void> {
  const tableName = input.TableName as string;
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) {
      throw error;
    }
  }
  await waitUntilTableExists(
    { client, minDelay: 1, maxDelay: 2, maxWaitTime: 120 },
    { TableName: tableName },
  );
  if (ttlAttribute !== undefined) {
    await enableTtl(client, tableName, ttlAttribute);
  }
}

/**
 * Creates every table of {@link TABLES} as `${prefix}-${name}`, waits until each is ACTIVE and
 * turns TTL on where the definition has a `ttlAttribute`. Idempotent: existing tables are left
 * as they are (only a missing TTL setting is added).
 *
 * @example
 * await createTables(new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1' }), 'dev');
 */
export async function createTables(client: DynamoDBClient, prefix: string): Promise<void> {
  await Promise.all(
    TABLES.map((def) => createTable(client, createTableInput(def, prefix), def.ttlAttribute)),
  );
}
