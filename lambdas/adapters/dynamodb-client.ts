import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { marshallOptions, unmarshallOptions } from '@aws-sdk/util-dynamodb';
import { traceClient } from '#shared/tracing';

/**
 * How items are written: JavaScript numbers beyond 2^53 (`1e16` in intent parameters) are
 * doubles like any other and are stored as the text that reads back as the same double
 * (the SDK would otherwise refuse them as "imprecise"). What DynamoDB cannot hold at all
 * (below 1e-130, from 1e126) the contract refuses before anything is written.
 */
export const MARSHALL_OPTIONS: marshallOptions = {
  removeUndefinedValues: true,
  convertEmptyValues: false,
  allowImpreciseNumbers: true,
};

/**
 * How items are read: every number as a JavaScript number, so an integer beyond 2^53 reads
 * back as the double it was written from, not as a BigInt that JSON cannot serialise. Stream
 * images and condition-failure items are read the same way.
 * @example unmarshall(image, UNMARSHALL_OPTIONS)
 */
export const UNMARSHALL_OPTIONS: unmarshallOptions = { wrapNumbers: (text: string) => Number(text) };

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
  // Copies: the document client writes its own defaults into the objects it is given.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { ...MARSHALL_OPTIONS },
    unmarshallOptions: { ...UNMARSHALL_OPTIONS },
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
