import { createReadsHandler } from '#handlers/reads';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createReadsHandler(await runtimeFromEnvironment());
