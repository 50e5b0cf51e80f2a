/**
 * Helpers for tests that use the DynamoDB Local started by the global setup.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type TableNames, tableNames } from '#adapters/dynamodb-tables';
import { createTables } from '#lib/local/dynamodb-local/index';

/**
 * A client for DynamoDB Local: dummy static credentials, region us-east-1.
 *
 * @example
 * const client = dynamoClient(inject('dynamodbEndpoint'));
 */
export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Tables created for one test file. */
export interface FreshTables {
  /** Random prefix shared by this file's tables. */
  readonly prefix: string;
  /** Client connected to the same DynamoDB Local. */
  readonly client: DynamoDBClient;
  /** Physical table names under that prefix. */
  readonly tables: TableNames;
}

/**
 * Creates all tables under a new random prefix, so test files never see each other's items.
 *
 * @param endpoint - DynamoDB Local endpoint. Defaults to `inject('dynamodbEndpoint')`.
 * @example
 * const { client, tables } = await freshTables();
 */
export async function freshTables(endpoint: string = inject('dynamodbEndpoint')): Promise<FreshTables> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const client = dynamoClient(endpoint);
  await createTables(client, prefix);
  return { prefix, client, tables: tableNames(prefix) };
}

/**
 * Points the process's stores at `fresh`'s tables the way Lambda configures a function (its
 * environment), quiet and untraced, and builds the stores anew; returns what restores the
 * environment as it was. The stream handlers still read their tables from the environment.
 *
 * @example
 * const restore = await useLambdaEnvironment(fresh);
 * afterAll(restore);
 */
export async function useLambdaEnvironment(
  fresh: FreshTables,
  endpoint: string = inject('dynamodbEndpoint'),
): Promise<() => void> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    TABLE_PREFIX: fresh.prefix,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  (await import('#adapters/stores')).resetStores();
  return () => {
    process.env = saved;
  };
}
