import { createDocumentClient } from '#adapters/dynamodb-client';
import { createObservability, observabilitySettings } from './observability.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { type EnvironmentSource, parseRuntimeEnv } from './settings.ts';

/**
 * The runtime of a Lambda function, from the variables its stack sets (`TABLE_PREFIX`,
 * `RETENTION_DAYS`, `POWERTOOLS_*`, ...; the DynamoDB endpoint from the SDK's own
 * configuration). Read once by each handler module's entry; nothing here writes the environment.
 * @throws Error naming every bad variable
 * @example export const handler = createReadsHandler(await runtimeFromEnvironment());
 */
export async function runtimeFromEnvironment(env: EnvironmentSource = process.env): Promise<Runtime> {
  const settings = parseRuntimeEnv(env);
  const observability = await createObservability(observabilitySettings(env));
  const documents = createDocumentClient({}, observability.tracing.traceClient);
  return createRuntime({ settings, observability, documents });
}
