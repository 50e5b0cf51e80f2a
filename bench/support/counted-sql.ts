/**
 * A replica database that counts what the RDS Data API would bill: one request per statement,
 * and BeginTransaction plus CommitTransaction (or Rollback) per transaction.
 */
import type { SqlClient } from '#adapters/postgres/sql-client';

/** A {@link SqlClient} and the Data API calls made through it so far. */
export interface CountedSql {
  readonly client: SqlClient;
  calls(): number;
}

/**
 * Wraps a client; statements inside a transaction are counted too.
 * @example const sql = countedSql(await createSqlClient(process.env)); setReplicaDatabase(sql.client);
 */
export function countedSql(inner: SqlClient): CountedSql {
  let calls = 0;
  const wrap = (c: SqlClient): SqlClient => ({
    query: (text, params) => {
      calls++;
      return c.query(text, params);
    },
    transaction: (fn) => {
      calls += 2;
      return c.transaction((tx) => fn(wrap(tx)));
    },
    close: () => c.close(),
  });
  return { client: wrap(inner), calls: () => calls };
}
