import { createIngestHeartbeatsHandler } from '#handlers/ingest-heartbeats';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createIngestHeartbeatsHandler(await runtimeFromEnvironment());
