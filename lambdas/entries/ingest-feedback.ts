import { createIngestFeedbackHandler } from '#handlers/ingest-feedback';
import { runtimeFromEnvironment } from '#runtime/from-environment';

/** The Lambda entry point, on the runtime of the environment. */
export const handler = createIngestFeedbackHandler(await runtimeFromEnvironment());
