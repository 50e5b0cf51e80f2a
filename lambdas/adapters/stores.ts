import type { ApplianceStore, DecisionStore, KeyStore } from '#domain/ports';
import { runtimeEnv } from '#shared/env';
import { DynamoApplianceStore } from './appliance-store.ts';
import { DynamoDecisionStore } from './decision-store.ts';
import { documentClient, resetDocumentClient } from './dynamodb-client.ts';
import { tableNames } from './dynamodb-tables.ts';
import { DynamoKeyStore } from './key-store.ts';
import { DynamoLabelRegistry } from './label-registry.ts';
import { MetricAggregates } from './metric-aggregates.ts';
import { MetricGauges } from './metric-gauges.ts';

/** The stores a handler needs, built from the environment on first use. */
export interface Stores {
  readonly decisions: DecisionStore;
  readonly appliances: ApplianceStore;
  readonly keys: KeyStore;
}

let current: Stores | undefined;

/** The process's stores (DynamoDB tables named by TABLE_PREFIX). */
export function stores(): Stores {
  if (current) return current;
  const env = runtimeEnv();
  const names = tableNames(env.TABLE_PREFIX);
  const db = documentClient();
  current = {
    decisions: new DynamoDecisionStore(db, names.decisions),
    appliances: new DynamoApplianceStore(db, names.appliances, env.HEARTBEAT_RETENTION_DAYS),
    keys: new DynamoKeyStore(db, names.keys),
  };
  return current;
}

let currentAggregates: MetricAggregates | undefined;

/** The process's metric aggregates (the `<prefix>-metrics` table). */
export function aggregates(): MetricAggregates {
  currentAggregates ??= new MetricAggregates(documentClient(), tableNames(runtimeEnv().TABLE_PREFIX).metrics);
  return currentAggregates;
}

let currentGauges: MetricGauges | undefined;

/** The process's metric gauges (the same `<prefix>-metrics` table). */
export function gauges(): MetricGauges {
  currentGauges ??= new MetricGauges(documentClient(), tableNames(runtimeEnv().TABLE_PREFIX).metrics);
  return currentGauges;
}

let currentLabels: DynamoLabelRegistry | undefined;

/**
 * The process's registry of the label values each tenant may use (the same metrics table),
 * bounded by `LABEL_VALUES_PER_TENANT`; one per process, so what it learnt stays cached.
 */
export function labelRegistry(): DynamoLabelRegistry {
  const env = runtimeEnv();
  currentLabels ??= new DynamoLabelRegistry(
    documentClient(),
    tableNames(env.TABLE_PREFIX).metrics,
    env.LABEL_VALUES_PER_TENANT,
  );
  return currentLabels;
}

/** Forget the stores, so the next call rebuilds them from the environment. */
export function resetStores(): void {
  current = undefined;
  currentAggregates = undefined;
  currentGauges = undefined;
  currentLabels = undefined;
  resetDocumentClient(); // the endpoint may have changed too (a second local stack in one process)
}
