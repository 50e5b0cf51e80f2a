import type { Runtime } from '#runtime/runtime';
import type { GatewayFunctions } from './gateway/server.ts';

/**
 * The API's functions, built by the same factories the Lambda entry points use, over the
 * local stack's runtime.
 * @example const functions = await loadFunctions(runtime);
 */
export async function loadFunctions(runtime: Runtime): Promise<GatewayFunctions> {
  const [decisions, execution, feedback, heartbeats, reads, pub, authorizer] = await Promise.all([
    import('#handlers/ingest-decisions'),
    import('#handlers/ingest-execution'),
    import('#handlers/ingest-feedback'),
    import('#handlers/ingest-heartbeats'),
    import('#handlers/reads'),
    import('#handlers/public'),
    import('#handlers/authorizer'),
  ]);
  return {
    'ingest-decisions': decisions.createIngestDecisionsHandler(runtime),
    'ingest-execution': execution.createIngestExecutionHandler(runtime),
    'ingest-feedback': feedback.createIngestFeedbackHandler(runtime),
    'ingest-heartbeats': heartbeats.createIngestHeartbeatsHandler(runtime),
    reads: reads.createReadsHandler(runtime),
    public: pub.createPublicHandler(runtime),
    authorizer: authorizer.createAuthorizerHandler(runtime),
  };
}
