import { createIngestDecisionsHandler } from '#handlers/ingest-decisions';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createIngestDecisionsHandler(await runtimeFromEnvironment());
