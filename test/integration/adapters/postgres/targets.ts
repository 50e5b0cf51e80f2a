/**
 * The SQL targets of the replica suites: PGlite, PostgreSQL (with DATABASE_URL), and the
 * Data API adapter against the loopback Data API (over PGlite).
 */
import { RdsDataSqlClient } from '#adapters/postgres/rds-data-client';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { freshDatabase, type SqlTarget, sqlTargets } from '../../../support/postgres.ts';
import { startRdsDataLoopback } from './rds-data-loopback.ts';

/** A target name, as shown in test titles. */
export type ReplicaTarget = SqlTarget | 'rds-data';

/** Every target available on this machine. */
export const replicaTargets = (): ReplicaTarget[] => [...sqlTargets(), 'rds-data'];

/** An empty database on one target; `connect()` gives a second client where one exists. */
export interface TargetDatabase {
  readonly client: SqlClient;
  connect(): SqlClient | undefined;
  close(): Promise<void>;
}

/** Opens an empty database on `target`. */
export async function openTarget(target: ReplicaTarget): Promise<TargetDatabase> {
  if (target !== 'rds-data') return freshDatabase(target);
  const api = await startRdsDataLoopback();
  const connect = () =>
    new RdsDataSqlClient({
      resourceArn: 'arn:aws:rds:eu-central-1:123456789012:cluster:aiops-replica',
      secretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:aiops-replica-AbCdEf',
      database: 'aiops',
      client: api.sdkClient(),
    });
  return { client: connect(), connect, close: () => api.close() };
}
