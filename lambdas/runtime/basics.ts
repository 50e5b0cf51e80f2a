import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { createObservability, type Observability, observabilitySettings } from './observability.ts';
import { type EnvironmentSource, parseRuntimeEnv, type RuntimeEnv } from './settings.ts';

/**
 * What every handler that reaches DynamoDB is built from: its settings, its Powertools, the
 * document client and the clock. Handlers that need the stores take a `Runtime` (which
 * extends this); the others take only this, so their bundles leave the stores out.
 */
export interface RuntimeBasics {
  readonly settings: RuntimeEnv;
  readonly observability: Observability;
  /** The DynamoDB document client every store shares. */
  readonly documents: DynamoDBDocumentClient;
  /** The clock: request times, `receivedAt`, lag. */
  readonly now: () => Date;
}

/**
 * The basics of a Lambda function, from the variables its stack sets (`TABLE_PREFIX`,
 * `POWERTOOLS_*`, ...; the DynamoDB endpoint from the SDK's own configuration). Nothing here
 * writes the environment.
 * @throws Error naming every bad variable
 * @example export const handler = createPublicHandler(await basicsFromEnvironment());
 */
export async function basicsFromEnvironment(env: EnvironmentSource = process.env): Promise<RuntimeBasics> {
  const settings = parseRuntimeEnv(env);
  const observability = await createObservability(observabilitySettings(env));
  const documents = createDocumentClient({}, observability.tracing.traceClient);
  return { settings, observability, documents, now: () => new Date() };
}
