/**
 * Vitest global setup of the integration project: one in-memory DynamoDB Local on a free port
 * for the whole run. Tests read its endpoint with `inject('dynamodbEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#lib/local/dynamodb-local/index';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by the integration run, e.g. `http://127.0.0.1:41234`. */
    dynamodbEndpoint: string;
  }
}

/** Starts DynamoDB Local, provides its endpoint, and returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
