/**
 * Which replica database an analytics command reads, from its flags, the environment, or the
 * running local stack, opened through the replica's own `SqlClient` adapters.
 */
import { createSqlClient, type SqlBackend, type SqlClient } from '#adapters/postgres/sql-client';
import { type LocalState, readLocalState } from '../cli/local-state.ts';

/** The connection flags of `aiops-obs report` and `aiops-obs export`. */
export interface DatabaseFlags {
  /** A PostgreSQL URL. @default $DATABASE_URL */
  readonly databaseUrl?: string;
  /** The Aurora cluster ARN (RDS Data API). @default $RDS_DATA_RESOURCE_ARN */
  readonly clusterArn?: string;
  /** The Secrets Manager secret of the database user. @default $RDS_DATA_SECRET_ARN */
  readonly secretArn?: string;
  /** The database on the cluster. @default $RDS_DATA_DATABASE or 'aiops' */
  readonly database?: string;
  /** Use the running local stack even when the environment names another database. */
  readonly local?: boolean;
}

/** A database picked for a command, and how to name it in messages (never with a password). */
export interface DatabaseTarget {
  readonly backend: SqlBackend;
  readonly description: string;
  open(): Promise<SqlClient>;
}

/** `postgresql://user:secret@host/db` without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

/**
 * `error` as a command reports it: a refused connection says the target is not answering.
 * @example catch (e) { throw whenNotAnswering(target, e as Error); }
 */
export function whenNotAnswering(target: DatabaseTarget, error: Error & { code?: string }): Error {
  return error.code === 'ECONNREFUSED'
    ? new Error(`${target.description} is not answering (is the local stack still running?)`)
    : error;
}

function localTarget(state: LocalState | undefined): DatabaseTarget {
  if (!state) {
    throw new Error(
      'no database: give --database-url (or set DATABASE_URL), --cluster-arn and --secret-arn ' +
        '(or RDS_DATA_RESOURCE_ARN and RDS_DATA_SECRET_ARN), or start the local stack (npm start)',
    );
  }
  if (!state.replicaUrl) {
    throw new Error(
      'the running local stack publishes no replica (started without the pipeline, or on DATABASE_URL: ' +
        'then set DATABASE_URL here too)',
    );
  }
  const url = state.replicaUrl;
  return {
    backend: 'pg',
    description: `the local stack's replica (${url})`,
    open: () => createSqlClient({ DATABASE_URL: url }),
  };
}

/**
 * The database to read, in this order: `--local`; `--database-url` / DATABASE_URL; the Data
 * API (`--cluster-arn` and `--secret-arn`, or their variables); else the running local stack,
 * whose PGlite replica is served over the PostgreSQL protocol (see `lib/local/pglite-server`).
 * @throws Error saying what to give when nothing names a database, or when only one Data API ARN is given
 * @example const target = await databaseTarget({}, process.env); const sql = await target.open();
 */
export async function databaseTarget(
  flags: DatabaseFlags,
  env: NodeJS.ProcessEnv = process.env,
  state: () => Promise<LocalState | undefined> = readLocalState,
): Promise<DatabaseTarget> {
  if (flags.local) return localTarget(await state());
  const url = flags.databaseUrl ?? env.DATABASE_URL;
  if (url) {
    return {
      backend: 'pg',
      description: redactUrl(url),
      open: () => createSqlClient({ DATABASE_URL: url }),
    };
  }
  const resourceArn = flags.clusterArn ?? env.RDS_DATA_RESOURCE_ARN;
  const secretArn = flags.secretArn ?? env.RDS_DATA_SECRET_ARN;
  if (resourceArn || secretArn) {
    if (!resourceArn || !secretArn)
      throw new Error(
        'the Data API needs both --cluster-arn and --secret-arn (or RDS_DATA_RESOURCE_ARN and RDS_DATA_SECRET_ARN)',
      );
    const database = flags.database ?? env.RDS_DATA_DATABASE ?? 'aiops';
    return {
      backend: 'rds-data',
      description: `the Data API (${resourceArn}, database ${database})`,
      open: () =>
        createSqlClient({
          RDS_DATA_RESOURCE_ARN: resourceArn,
          RDS_DATA_SECRET_ARN: secretArn,
          RDS_DATA_DATABASE: database,
        }),
    };
  }
  return localTarget(await state());
}
