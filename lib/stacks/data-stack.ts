import { Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { indexProjection, TABLES, type TableDefinition, tableNames } from '#adapters/dynamodb-tables';
import { type AppConfig, removalPolicyOf } from '../config.ts';

/** The tables by logical name. */
export type AppTables = Readonly<Record<TableDefinition['name'], dynamodb.TableV2>>;

/** Properties of the {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** Deployment settings (prefix, removal policy). */
  readonly config: AppConfig;
}

/**
 * The DynamoDB tables, one per entry of `TABLES`: on-demand, each index projecting what its
 * definition names, point-in-time recovery, AWS-managed
 * KMS encryption, streams (new and old images) where the definition asks, TTL, and deletion
 * protection unless the removal policy is `destroy`.
 */
export class DataStack extends Stack {
  /** Every table by logical name. */
  public readonly tables: AppTables;
  /** Decisions, one item per decision (streamed). */
  public readonly decisions: dynamodb.TableV2;
  /** Appliances: latest state and each heartbeat (streamed). */
  public readonly appliances: dynamodb.TableV2;
  /** API keys (hashed secrets). */
  public readonly keys: dynamodb.TableV2;
  /** Metric aggregates and the markers of the stream records folded into them. */
  public readonly metrics: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const names = tableNames(props.config.prefix);
    const retain = props.config.removalPolicy === 'retain';
    const build = (def: TableDefinition) =>
      new dynamodb.TableV2(this, capitalise(def.name), {
        tableName: names[def.name],
        partitionKey: stringKey(def.partitionKey),
        sortKey: def.sortKey ? stringKey(def.sortKey) : undefined,
        globalSecondaryIndexes: def.indexes.map((i) => {
          const projection = indexProjection(i);
          return {
            indexName: i.name,
            partitionKey: stringKey(i.partitionKey),
            sortKey: stringKey(i.sortKey),
            projectionType: dynamodb.ProjectionType[projection.type],
            ...(projection.type === 'INCLUDE' ? { nonKeyAttributes: [...projection.attributes] } : {}),
          };
        }),
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        dynamoStream: def.stream ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        timeToLiveAttribute: def.ttlAttribute,
        deletionProtection: retain,
        removalPolicy: removalPolicyOf(props.config),
      });
    const built = Object.fromEntries(TABLES.map((def) => [def.name, build(def)])) as AppTables;
    this.tables = built;
    this.decisions = built.decisions;
    this.appliances = built.appliances;
    this.keys = built.keys;
    this.metrics = built.metrics;
  }
}

function stringKey(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
