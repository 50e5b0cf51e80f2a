import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApplianceStore, DecisionStore, KeyStore } from '#domain/ports';
import { DynamoApplianceStore } from './appliance-store.ts';
import { DynamoDecisionStore } from './decision-store.ts';
import { tableNames } from './dynamodb-tables.ts';
import { DynamoKeyStore } from './key-store.ts';
import { DynamoLabelRegistry } from './label-registry.ts';
import { MetricAggregates } from './metric-aggregates.ts';
import { MetricGauges } from './metric-gauges.ts';

/** The stores a handler needs. */
export interface Stores {
  readonly decisions: DecisionStore;
  readonly appliances: ApplianceStore;
  readonly keys: KeyStore;
}

/** The metrics table's views: durable counters, gauges and each tenant's admitted label values. */
export interface MetricTables {
  readonly aggregates: MetricAggregates;
  readonly gauges: MetricGauges;
  readonly labelRegistry: DynamoLabelRegistry;
}

/** What the DynamoDB stores are built from. */
export interface StoreSettings {
  /** Physical table names are `${tablePrefix}-decisions` etc. */
  readonly tablePrefix: string;
  /** Days a single heartbeat is kept. */
  readonly heartbeatRetentionDays: number;
  /** Distinct values each tenant may bring per tenant-chosen metric label. */
  readonly labelValuesPerTenant: number;
}

/**
 * The stores and metric tables of one set of DynamoDB tables, over one document client. The
 * label registry caches what it learnt, so build this once per runtime, not per request.
 * @example const { decisions } = createStores(documentClient, { tablePrefix: 'aiops', heartbeatRetentionDays: 7, labelValuesPerTenant: 100 });
 */
export function createStores(db: DynamoDBDocumentClient, settings: StoreSettings): Stores & MetricTables {
  const names = tableNames(settings.tablePrefix);
  return {
    decisions: new DynamoDecisionStore(db, names.decisions),
    appliances: new DynamoApplianceStore(db, names.appliances, settings.heartbeatRetentionDays),
    keys: new DynamoKeyStore(db, names.keys),
    aggregates: new MetricAggregates(db, names.metrics),
    gauges: new MetricGauges(db, names.metrics),
    labelRegistry: new DynamoLabelRegistry(db, names.metrics, settings.labelValuesPerTenant),
  };
}
