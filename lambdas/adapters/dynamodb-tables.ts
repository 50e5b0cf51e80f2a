/**
 * The DynamoDB tables as plain data: the CDK data stack and the local stack both build
 * their tables from these definitions, and the adapters read attribute and index names
 * from them, so AWS and the local stand-in can never drift apart.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * The attributes the index holds besides the keys (the table's and its own): `'ALL'`, or
   * the names of those the reads filter on (none: keys only). Every write that changes an
   * attribute an index holds writes that index too, and each index entry is billed by its
   * size, so an index holds only what its queries read.
   * @default 'ALL'
   */
  readonly projection?: 'ALL' | readonly string[];
}

/**
 * The projection of an index, as DynamoDB names it.
 * @example indexProjection({ name: 'i', partitionKey: 'a', sortKey: 'b', projection: [] }) // { type: 'KEYS_ONLY' }
 */
export function indexProjection(
  index: IndexDefinition,
):
  | { readonly type: 'ALL' | 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] } {
  const p = index.projection ?? 'ALL';
  if (p === 'ALL') return { type: 'ALL' };
  return p.length === 0 ? { type: 'KEYS_ONLY' } : { type: 'INCLUDE', attributes: p };
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

/**
 * Index names of the decisions table, by access pattern: the tenant's, an appliance's and a
 * status's time lines (newest first on `tsk`) and the tenant's decisions by confidence.
 */
export const DECISION_INDEX = {
  byTenant: 'byTenant',
  byAppliance: 'byAppliance',
  byStatus: 'byStatus',
  byConfidence: 'byConfidence',
} as const;

/**
 * What the decision indexes hold besides keys: the attributes the list route filters on in
 * the query (`confidence`, `occurredAt`). Both are set once, by the decision, so the
 * execution and the feedback never write an index except `byStatus`, whose key they set; the
 * list reads the records themselves from the table (BatchGetItem) and filters on the status
 * there, since that attribute changes.
 */
export const DECISION_INDEX_ATTRIBUTES = ['confidence', 'occurredAt'] as const;

export const DECISIONS_TABLE: TableDefinition = {
  name: 'decisions',
  partitionKey: 'pk',
  indexes: [
    { name: DECISION_INDEX.byTenant, partitionKey: 'tenantKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byAppliance, partitionKey: 'applianceKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byStatus, partitionKey: 'statusKey', sortKey: 'tsk' },
    { name: DECISION_INDEX.byConfidence, partitionKey: 'tenantKey', sortKey: 'confidenceKey' },
  ].map((index) => ({ ...index, projection: DECISION_INDEX_ATTRIBUTES })),
  ttlAttribute: 'expiresAt',
  stream: true,
};

export const APPLIANCE_INDEX = { byTenant: 'byTenant' } as const;

/** Latest state per appliance (`sk = LATEST`) and each heartbeat (`sk = HB#<sentAt>`). */
export const APPLIANCES_TABLE: TableDefinition = {
  name: 'appliances',
  partitionKey: 'pk',
  sortKey: 'sk',
  // Keys only: every heartbeat rewrites LATEST, which would otherwise rewrite its index entry too.
  indexes: [
    { name: APPLIANCE_INDEX.byTenant, partitionKey: 'tenantKey', sortKey: 'applianceId', projection: [] },
  ],
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
