/**
 * The DynamoDB tables as plain data: the CDK data stack and the local stack both build
 * their tables from these definitions, and the adapters read attribute and index names
 * from them, so AWS and the local stand-in can never drift apart.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** Logical name; the physical name is `${prefix}-${name}`. */
  readonly name: 'decisions' | 'appliances' | 'keys' | 'metrics';
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexDefinition[];
  /** Attribute holding the expiry time in epoch seconds, if items expire. */
  readonly ttlAttribute?: string;
  readonly stream: boolean;
}

/** Index names of the decisions table, by access pattern. All sort newest first on `tsk`. */
export const DECISION_INDEX = {
  byTenant: 'byTenant',
  byAppliance: 'byAppliance',
  byStatus: 'byStatus',
  byConfidence: 'byConfidence',
  byQueryHash: 'byQueryHash',
} as const;

export const DECISIONS_TABLE: TableDefinition = {
  name: 'decisions',
  partitionKey: 'pk',
  indexes: [
    { name: DECISION_INDEX.byTenant, partitionKey: 'tenantKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byAppliance, partitionKey: 'applianceKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byStatus, partitionKey: 'statusKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byConfidence, partitionKey: 'tenantKey', sortKey: 'confidenceKey' },
    { name: DECISION_INDEX.byQueryHash, partitionKey: 'queryHashKey', sortKey: 'tsk' },
  ],
  ttlAttribute: 'expiresAt',
  stream: true,
};

export const APPLIANCE_INDEX = { byTenant: 'byTenant' } as const;

/** Latest state per appliance (`sk = LATEST`) and each heartbeat (`sk = HB#<sentAt>`). */
export const APPLIANCES_TABLE: TableDefinition = {
  name: 'appliances',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [{ name: APPLIANCE_INDEX.byTenant, partitionKey: 'tenantKey', sortKey: 'applianceId' }],
  ttlAttribute: 'expiresAt',
  stream: true,
};

export const KEY_INDEX = { byTenant: 'byTenant' } as const;

export const KEYS_TABLE: TableDefinition = {
  name: 'keys',
  partitionKey: 'keyId',
  indexes: [{ name: KEY_INDEX.byTenant, partitionKey: 'customerId', sortKey: 'createdAt' }],
  stream: false,
};

/**
 * Durable metric aggregates: one item per series (`pk = S#<metric name>`, `sk` = series key,
 * `value` = running total) and one short-lived marker per stream record folded
 * (`pk = R#<sequence number>`), written in the same transaction as the increments so a
 * record delivered again is never counted twice.
 */
export const METRICS_TABLE: TableDefinition = {
  name: 'metrics',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'expiresAt',
  stream: false,
};

export const TABLES = [DECISIONS_TABLE, APPLIANCES_TABLE, KEYS_TABLE, METRICS_TABLE] as const;

/** Physical table names for a prefix. */
export interface TableNames {
  readonly decisions: string;
  readonly appliances: string;
  readonly keys: string;
  readonly metrics: string;
}

export const tableNames = (prefix: string): TableNames => ({
  decisions: `${prefix}-decisions`,
  appliances: `${prefix}-appliances`,
  keys: `${prefix}-keys`,
  metrics: `${prefix}-metrics`,
});
