import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { marshallOptions, unmarshallOptions } from '@aws-sdk/util-dynamodb';

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

/**
 * A DynamoDB document client, its calls traced when `trace` is given. The endpoint comes from
 * `config` or the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`.
 * @example createDocumentClient({ endpoint: 'http://127.0.0.1:8000' }, tracing.traceClient)
 */
export function createDocumentClient(
  config: DynamoDBClientConfig = {},
  trace: <T>(client: T) => T = (client) => client,
): DynamoDBDocumentClient {
  const client = trace(new DynamoDBClient(config));
  // Copies: the document client writes its own defaults into the objects it is given.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { ...MARSHALL_OPTIONS },
    unmarshallOptions: { ...UNMARSHALL_OPTIONS },
  });
}
