import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TableDefinition } from '#adapters/dynamodb-tables';
import type { PowertoolsFunction } from './powertools-function.ts';

/**
 * The DynamoDB actions each kind of access needs, and nothing more. Conditional and
 * transactional writes need the per-item actions (`TransactWriteItems` is not an IAM action).
 */
export const TABLE_ACTIONS = {
  /** Point reads and queries on the table and each of its indexes. */
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  /** Idempotent conditional writes: put, update, transaction condition checks, and the read-back of a duplicate. */
  write: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  /** A key lookup by primary key only. */
  lookup: ['dynamodb:GetItem'],
  /** Queries of the table's own partitions, no index (e.g. a tenant's admitted label values). */
  query: ['dynamodb:Query'],
  /** The health check: the table exists and is ACTIVE. */
  describe: ['dynamodb:DescribeTable'],
  /** Full scans of the table's indexes only (e.g. every appliance by tenant), never of the table. */
  scanIndexes: ['dynamodb:Scan'],
  /** Items read by their keys, in batches (the items a keys-only index named). */
  batchRead: ['dynamodb:BatchGetItem'],
} as const satisfies Record<string, readonly string[]>;

/** A kind of table access, see {@link TABLE_ACTIONS}. */
export type TableAccess = keyof typeof TABLE_ACTIONS;

/**
 * Grants one kind of access on one table through the function's data policy. Resources are
 * the table ARN and, for `read`, each index ARN by name: no `index/*` wildcard; `scanIndexes`
 * names the index ARNs only.
 * @example grantTableAccess(reads, tables.decisions, DECISIONS_TABLE, 'read')
 */
export function grantTableAccess(
  fn: PowertoolsFunction,
  table: ITableV2,
  definition: TableDefinition,
  access: TableAccess,
): void {
  const indexArns =
    access === 'read' || access === 'scanIndexes'
      ? definition.indexes.map((i) => `${table.tableArn}/index/${i.name}`)
      : [];
  if (access === 'scanIndexes' && indexArns.length === 0) {
    throw new Error(`grantTableAccess: ${definition.name}: scanIndexes needs a table with indexes`);
  }
  fn.addToDataPolicy(
    new iam.PolicyStatement({
      sid: `${access}${capitalise(definition.name)}`,
      actions: [...TABLE_ACTIONS[access]],
      resources: access === 'scanIndexes' ? indexArns : [table.tableArn, ...indexArns],
    }),
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
