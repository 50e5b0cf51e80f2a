import { basicsFromEnvironment } from './basics.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import type { EnvironmentSource } from './settings.ts';

/**
 * The runtime of a Lambda function that uses the stores, from the variables its stack sets.
 * Read once by the handler module's entry; nothing here writes the environment.
 * @throws Error naming every bad variable
 * @example export const handler = createReadsHandler(await runtimeFromEnvironment());
 */
export async function runtimeFromEnvironment(env: EnvironmentSource = process.env): Promise<Runtime> {
  return createRuntime(await basicsFromEnvironment(env));
}
