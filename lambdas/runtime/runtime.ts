import { createStores, type MetricTables, type Stores } from '#adapters/stores';
import type { RuntimeBasics } from './basics.ts';

/**
 * What the handlers that use the stores are built from: the basics (settings, Powertools,
 * document client, clock), the stores and the metric tables. One per process in Lambda (the
 * entry builds it from the environment, see `runtimeFromEnvironment`); the local stack and
 * tests build their own with {@link createRuntime} and pass it. Handlers that need more (a
 * replica database, a dead-letter sink, the appliance registry) take those beside it.
 */
export interface Runtime extends RuntimeBasics, MetricTables {
  readonly stores: Stores;
}

/**
 * A runtime over `basics`: the stores of `settings.TABLE_PREFIX` on `basics.documents`.
 * @example const runtime = createRuntime({ settings: parseRuntimeEnv({}), observability, documents, now: () => new Date() });
 */
export function createRuntime(basics: RuntimeBasics): Runtime {
  const { settings } = basics;
  const { decisions, appliances, keys, ...metricTables } = createStores(basics.documents, {
    tablePrefix: settings.TABLE_PREFIX,
    heartbeatRetentionDays: settings.HEARTBEAT_RETENTION_DAYS,
    labelValuesPerTenant: settings.LABEL_VALUES_PER_TENANT,
  });
  return { ...basics, stores: { decisions, appliances, keys }, ...metricTables };
}
