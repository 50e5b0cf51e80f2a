/**
 * Helpers for tests that use the DynamoDB Local started by the global setup.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type TableNames, tableNames } from '#adapters/dynamodb-tables';
import { createTables } from '#lib/local/dynamodb-local/index';
import type { Runtime } from '#runtime/runtime';
import { createLocalRuntime } from '../../lib/local/local-runtime.ts';

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
 * A runtime on `fresh`'s tables, quiet and untraced, as a test passes it to the handlers it
 * builds (the same settings parser and stores Lambda's entry points use).
 * @param env - settings over the defaults (LABEL_VALUES_PER_TENANT, ...)
 * @example
 * const runtime = await testRuntime(fresh);
 * const handler = createAggregatorHandler({ runtime, deadLetters });
 */
export async function testRuntime(
  fresh: FreshTables,
  env: Record<string, string> = {},
  endpoint: string = inject('dynamodbEndpoint'),
): Promise<Runtime> {
  return createLocalRuntime(endpoint, { TABLE_PREFIX: fresh.prefix, POWERTOOLS_LOG_LEVEL: 'ERROR', ...env });
}
