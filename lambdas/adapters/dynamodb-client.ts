import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traceClient } from '#shared/tracing';

let shared: DynamoDBDocumentClient | undefined;

/**
 * The one DynamoDB document client of a process, traced. The endpoint comes from the SDK's
 * standard `AWS_ENDPOINT_URL_DYNAMODB` (the local stack sets it to DynamoDB Local).
 */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient();
  return shared;
}

/** A new document client; tests and the local stack pass an endpoint and credentials. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = traceClient(new DynamoDBClient(config));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

/** Replaces the shared client (the local stack points it at DynamoDB Local). */
export function setDocumentClient(client: DynamoDBDocumentClient): void {
  shared = client;
}

/** Forget the shared client, so the next use builds one from the current environment. */
export function resetDocumentClient(): void {
  shared = undefined;
}
