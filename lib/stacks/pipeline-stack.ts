import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { APPLIANCES_TABLE, METRICS_TABLE } from '#adapters/dynamodb-tables';
import { type AppConfig, functionEnvironment } from '../config.ts';
import { PowertoolsFunction } from '../constructs/powertools-function.ts';
import { PrometheusExport } from '../constructs/prometheus-export.ts';
import { REPLICA_DATABASE_NAME, ReplicaCluster } from '../constructs/replica-cluster.ts';
import { ReplicaSchema } from '../constructs/replica-schema.ts';
import { StreamConsumer } from '../constructs/stream-consumer.ts';
import { grantTableAccess } from '../constructs/table-access.ts';
import type { AppTables } from './data-stack.ts';

/** The functions of the pipeline stack. */
export type PipelineFunctionName = 'aggregator' | 'replica' | 'exporter' | 'migrate';

import { LOCAL_ONLY_MODULES } from '../bundling.ts';

export { LOCAL_ONLY_MODULES };

/** Properties of the {@link PipelineStack}. */
export interface PipelineStackProps extends StackProps {
  /** Deployment settings. */
  readonly config: AppConfig;
  /** The tables of the data stack. */
  readonly tables: AppTables;
}

/**
 * The stream pipeline: the aggregator (decisions stream → metric aggregates) and the
 * replica (decisions and appliances streams → Aurora PostgreSQL over the Data API) behind
 * event source mappings with on-failure queues and alarms; the Aurora Serverless v2 cluster
 * and its schema (a migration custom resource); and the exporter remote-writing to Amazon
 * Managed Prometheus every minute. No function runs in the VPC.
 */
export class PipelineStack extends Stack {
  /** Functions by name. */
  public readonly functions: Readonly<Record<PipelineFunctionName, PowertoolsFunction>>;
  /** The aggregator's mapping of the decisions stream. */
  public readonly aggregatorStreams: StreamConsumer;
  /** The replica's mappings of the decisions and appliances streams. */
  public readonly replicaStreams: StreamConsumer;
  public readonly replica: ReplicaCluster;
  public readonly schema: ReplicaSchema;
  public readonly prometheus: PrometheusExport;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, tables } = props;
    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    this.replica = new ReplicaCluster(this, 'ReplicaDatabase', {
      clusterIdentifier: `${config.prefix}-replica`,
      minCapacity: config.replicaMinCapacity,
      maxCapacity: config.replicaMaxCapacity,
      backupRetentionDays: config.replicaBackupRetentionDays,
      removalPolicy,
      logRetention,
    });
    const { cluster } = this.replica;
    const secret = cluster.secret;
    if (!secret) throw new Error('the replica cluster has no secret');
    const dataApiEnv = {
      RDS_DATA_RESOURCE_ARN: cluster.clusterArn,
      RDS_DATA_SECRET_ARN: secret.secretArn,
      RDS_DATA_DATABASE: REPLICA_DATABASE_NAME,
    };
    const shared = {
      logLevel: config.logLevel,
      logRetention,
      removalPolicy,
      tracing: config.tracing,
    };
    const env = functionEnvironment(config) as Record<string, string>;
    const fn = (
      name: PipelineFunctionName,
      extra: Partial<ConstructorParameters<typeof PowertoolsFunction>[2]>,
    ) =>
      new PowertoolsFunction(this, pascal(name), {
        name,
        ...shared,
        ...extra,
        environment: { ...env, ...extra.environment },
      });
    this.functions = {
      aggregator: fn('aggregator', { timeout: Duration.seconds(60) }),
      // A paused cluster takes seconds to resume: room for the Data API client's retries.
      replica: fn('replica', {
        timeout: Duration.seconds(120),
        environment: dataApiEnv,
        externalModules: LOCAL_ONLY_MODULES,
      }),
      exporter: fn('exporter', { timeout: Duration.seconds(50), reservedConcurrentExecutions: 1 }),
      migrate: fn('migrate', {
        timeout: Duration.minutes(5),
        environment: dataApiEnv,
        externalModules: LOCAL_ONLY_MODULES,
      }),
    };
    const { aggregator, replica, exporter, migrate } = this.functions;

    grantTableAccess(aggregator, tables.metrics, METRICS_TABLE, 'write');
    grantTableAccess(exporter, tables.metrics, METRICS_TABLE, 'read');
    grantTableAccess(exporter, tables.appliances, APPLIANCES_TABLE, 'scanIndexes');
    for (const f of [replica, migrate]) grantDataApi(f, cluster.clusterArn, secret.secretArn);

    const streams = {
      retryAttempts: config.streamRetryAttempts,
      iteratorAgeThreshold: Duration.seconds(config.iteratorAgeAlarmSeconds),
      removalPolicy,
    };
    this.aggregatorStreams = new StreamConsumer(this, 'AggregatorStreams', {
      consumer: aggregator,
      sources: [{ id: 'Decisions', table: tables.decisions }],
      ...streams,
    });
    this.replicaStreams = new StreamConsumer(this, 'ReplicaStreams', {
      consumer: replica,
      sources: [
        { id: 'Decisions', table: tables.decisions },
        { id: 'Appliances', table: tables.appliances },
      ],
      ...streams,
    });

    this.schema = new ReplicaSchema(this, 'ReplicaSchema', {
      migrate,
      replica: this.replica,
      frameworkLogGroup: new logs.LogGroup(this, 'SchemaProviderLogs', {
        retention: logRetention,
        removalPolicy,
      }),
    });
    // The replica starts after the schema exists (it would migrate on first use anyway).
    replica.function.node.addDependency(this.schema.resource);

    this.prometheus = new PrometheusExport(this, 'Prometheus', {
      alias: config.prefix,
      exporter,
      removalPolicy,
    });
  }

  /** Every alarm of the pipeline: on-failure queues and iterator ages. */
  public get alarms() {
    return [...this.aggregatorStreams.alarms, ...this.replicaStreams.alarms];
  }
}

/** The Data API on this cluster and a read of its secret, nothing else. */
function grantDataApi(fn: PowertoolsFunction, clusterArn: string, secretArn: string): void {
  fn.addToDataPolicy(
    new iam.PolicyStatement({
      sid: 'dataApi',
      actions: [
        'rds-data:ExecuteStatement',
        'rds-data:BatchExecuteStatement',
        'rds-data:BeginTransaction',
        'rds-data:CommitTransaction',
        'rds-data:RollbackTransaction',
      ],
      resources: [clusterArn],
    }),
  );
  fn.addToDataPolicy(
    new iam.PolicyStatement({
      sid: 'readDatabaseSecret',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secretArn],
    }),
  );
}

/** `aggregator` → `Aggregator`. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
