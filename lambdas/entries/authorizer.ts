import { createAuthorizerHandler } from '#handlers/authorizer';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createAuthorizerHandler(await runtimeFromEnvironment());
