import { createSqlClient } from '#adapters/postgres/sql-client';
import { createMigrateHandler } from '#handlers/migrate';
import { createLogger, loggerSettings } from '#runtime/logger';

/** The Lambda entry point: the replica database the environment names. */
export const handler = createMigrateHandler({
  runtime: { observability: { logger: createLogger(loggerSettings(process.env)) } },
  open: () => createSqlClient(process.env),
});
