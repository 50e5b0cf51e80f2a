import { createIngestExecutionHandler } from '#handlers/ingest-execution';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createIngestExecutionHandler(await runtimeFromEnvironment());
