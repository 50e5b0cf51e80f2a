import { createPublicHandler } from '#handlers/public';
import { basicsFromEnvironment } from '#runtime/basics';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createPublicHandler(await basicsFromEnvironment());
