/**
 * A SqlClient decorator that injects the faults of a {@link FaultPlan} into a real client:
 * `refuse` and `before` throw without touching the database (as a refused or reset
 * connection would), `after` runs the statement for real and then throws (the answer was lost).
 */
import type { SqlClient } from '#adapters/postgres/sql-client';
import { type FaultPlan, InjectedFault } from './fault-plan.ts';

/**
 * Wraps `inner` so that its `query` calls follow `plan`; transactions wrap their `tx` too.
 * @example const faulty = withSqlFaults(await replica.database(), new FaultPlan({ seed: 1, beforeRate: 0.05 }));
 */
export function withSqlFaults(inner: SqlClient, plan: FaultPlan): SqlClient {
  return {
    async query<T>(text: string, params?: readonly unknown[]) {
      const decision = plan.decide();
      if (decision === 'refuse')
        throw new InjectedFault('connect ECONNREFUSED (injected outage)', 'refuse', 'ECONNREFUSED');
      if (decision === 'before')
        throw new InjectedFault('Connection terminated unexpectedly (injected)', 'before', 'ECONNRESET');
      const result = await inner.query<T>(text, params);
      if (decision === 'after')
        throw new InjectedFault('Connection lost after the statement ran (injected)', 'after', 'ECONNRESET');
      return result;
    },
    transaction: (fn) => inner.transaction((tx) => fn(withSqlFaults(tx, plan))),
    close: () => inner.close(),
  };
}
