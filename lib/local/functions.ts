import type { GatewayFunctions } from './gateway/server.ts';

/**
 * Imports the same handler modules Lambda runs. Call it after the environment is set:
 * handlers read it when first used.
 */
export async function loadFunctions(): Promise<GatewayFunctions> {
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
    'ingest-decisions': decisions.handler,
    'ingest-execution': execution.handler,
    'ingest-feedback': feedback.handler,
    'ingest-heartbeats': heartbeats.handler,
    reads: reads.handler,
    public: pub.handler,
    authorizer: authorizer.handler,
  };
}
