import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ensureMigrated } from '#adapters/postgres/migrations';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { type HandlerObservability, lambdaHandler } from '#runtime/lambda-handler';

/** What the migration handler works with. */
export interface MigrateHandlerDependencies {
  readonly runtime: { readonly observability: HandlerObservability };
  /** Opens the replica database (closed after each migration). */
  readonly open: () => Promise<SqlClient>;
}

/** The one physical id of the schema resource: an update never replaces it. */
export const SCHEMA_RESOURCE_ID = 'aiops-replica-schema';

/**
 * The migration custom resource (behind a `custom_resources.Provider`): on create and
 * update it brings the replica's schema up to date (idempotent, under an advisory lock),
 * so the tables exist before the first stream batch; delete keeps the data.
 */
export function createMigrateHandler({ runtime, open }: MigrateHandlerDependencies) {
  const { logger } = runtime.observability;
  return lambdaHandler(
    runtime.observability,
    async (event: CloudFormationCustomResourceEvent) => {
      if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
      const sql = await open();
      try {
        const { applied } = await ensureMigrated(sql);
        logger.info('replica schema up to date', { applied });
        return { PhysicalResourceId: SCHEMA_RESOURCE_ID, Data: { Applied: applied.join(',') } };
      } finally {
        await sql.close();
      }
    },
    { tracing: false, metrics: false },
  );
}
