import { migratedDatabase } from '#adapters/postgres/replica-database';
import { createSqlClient } from '#adapters/postgres/sql-client';
import { createReplicaHandler } from '#handlers/replica';
import { runtimeFromEnvironment } from '#runtime/from-environment';
import { sqsDeadLettersFromEnvironment } from '#runtime/sqs-dead-letters';

const runtime = await runtimeFromEnvironment();

/**
 * The Lambda entry point: the replica database the environment names (the Data API, or
 * `DATABASE_URL`), opened and migrated on the first batch; dead letters to RECORD_DEAD_LETTER_QUEUE_URL.
 */
export const handler = createReplicaHandler({
  runtime,
  database: migratedDatabase(() => createSqlClient(process.env)),
  deadLetters: sqsDeadLettersFromEnvironment(process.env, runtime.observability.tracing),
});
