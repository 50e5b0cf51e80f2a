import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ensureMigrated } from '#adapters/postgres/migrations';
import { createSqlClient } from '#adapters/postgres/sql-client';
import { logger } from '#shared/powertools';

/** The one physical id of the schema resource: an update never replaces it. */
export const SCHEMA_RESOURCE_ID = 'aiops-replica-schema';

/**
 * The migration custom resource (behind a `custom_resources.Provider`): on create and
 * update it brings the replica's schema up to date (idempotent, under an advisory lock),
 * so the tables exist before the first stream batch; delete keeps the data.
 */
export const handler = middy(async (event: CloudFormationCustomResourceEvent) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const sql = await createSqlClient(process.env);
  try {
    const { applied } = await ensureMigrated(sql);
    logger.info('replica schema up to date', { applied });
    return { PhysicalResourceId: SCHEMA_RESOURCE_ID, Data: { Applied: applied.join(',') } };
  } finally {
    await sql.close();
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
