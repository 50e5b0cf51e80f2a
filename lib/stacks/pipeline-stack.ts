import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APPLIANCES_TABLE, METRICS_TABLE } from '#adapters/dynamodb-tables';
import { EXPORT_LEASE_MS } from '#adapters/exporter-state';
import {
  ACCESS_LOG_METRICS_QUEUE,
  EXPORTER_SCHEDULE_QUEUE,
  recordQueueName,
  streamQueueName,
} from '#domain/metrics/dead-letters';
import { type AppConfig, functionEnvironment, functionSettings } from '../config.ts';
import { AccessLogMetrics } from '../constructs/access-log-metrics.ts';
import { AmpAlerting } from '../constructs/amp-alerting.ts';
import { PowertoolsFunction } from '../constructs/powertools-function.ts';
import { PrometheusExport } from '../constructs/prometheus-export.ts';
import { REPLICA_DATABASE_NAME, ReplicaCluster } from '../constructs/replica-cluster.ts';
import { ReplicaSchema } from '../constructs/replica-schema.ts';
import { StreamConsumer } from '../constructs/stream-consumer.ts';
import { grantTableAccess } from '../constructs/table-access.ts';
import type { AppTables } from './data-stack.ts';

/** The functions of the pipeline stack. */
export type PipelineFunctionName = 'aggregator' | 'replica' | 'exporter' | 'migrate' | 'access-log-metrics';

import { LOCAL_ONLY_MODULES } from '../bundling.ts';

export { LOCAL_ONLY_MODULES };

/** Properties of the {@link PipelineStack}. */
export interface PipelineStackProps extends StackProps {
  /** Deployment settings. */
  readonly config: AppConfig;
  /** The tables of the data stack. */
  readonly tables: AppTables;
  /**
   * The API stage's access log group: its events feed `aiops_api_response_time_seconds`
   * through the access-log metrics function.
   * @default - no subscription (the function is deployed but receives nothing)
   */
  readonly accessLogs?: logs.ILogGroup;
}

/**
 * The stream pipeline: the aggregator (decisions stream → metric aggregates) and the
 * replica (decisions and appliances streams → Aurora PostgreSQL over the Data API) behind
 * event source mappings with on-failure queues (alarmed by the observability stack); the Aurora Serverless v2 cluster
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
  /** AMP's alert manager: its definition on the workspace and one SNS topic per severity. */
  public readonly alerting: AmpAlerting;
  /** The access log subscription and its on-failure queue, when `accessLogs` was given. */
  public readonly accessLogMetrics?: AccessLogMetrics;
  /**
   * Every on-failure (dead-letter) queue of the pipeline, by the `queue` label of
   * `aiops_pipeline_dead_letters` (the exporter reads their depth): the mappings' on-failure
   * queues, the consumers' record queues (`replica-records`, `aggregator-records`), the
   * exporter schedule's and the access log subscription's.
   */
  public readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, tables } = props;
    const shared = functionSettings(config);
    const { removalPolicy, logRetention } = shared;
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
      // One run at a time (the export lease lasts as long as the timeout: EXPORT_LEASE_MS).
      exporter: fn('exporter', {
        timeout: Duration.millis(EXPORT_LEASE_MS),
        reservedConcurrentExecutions: 1,
      }),
      migrate: fn('migrate', {
        timeout: Duration.minutes(5),
        environment: dataApiEnv,
        externalModules: LOCAL_ONLY_MODULES,
      }),
      'access-log-metrics': fn('access-log-metrics', { timeout: Duration.seconds(60) }),
    };
    const { aggregator, replica, exporter, migrate } = this.functions;
    const accessLogFunction = this.functions['access-log-metrics'];

    grantTableAccess(aggregator, tables.metrics, METRICS_TABLE, 'write');
    // A tenant's admitted label values, read once per Lambda instance (the label bound).
    grantTableAccess(aggregator, tables.metrics, METRICS_TABLE, 'query');
    grantTableAccess(accessLogFunction, tables.metrics, METRICS_TABLE, 'write');
    // The replica sets its lag gauge (one conditional update) and writes nothing else there.
    replica.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'setPipelineLag',
        actions: ['dynamodb:UpdateItem'],
        resources: [tables.metrics.tableArn],
      }),
    );
    grantTableAccess(exporter, tables.metrics, METRICS_TABLE, 'read');
    // The export lease, each new series' export mark and the dropped-series counter.
    grantTableAccess(exporter, tables.metrics, METRICS_TABLE, 'write');
    // The exporter is updated before the functions that stamp series creation (see
    // first-samples.ts): a series stamped by them is never sent by an exporter that does not mark.
    for (const f of [aggregator, accessLogFunction]) f.function.node.addDependency(exporter.function);
    grantTableAccess(exporter, tables.appliances, APPLIANCES_TABLE, 'scanIndexes');
    // The tenant index holds keys only: the LATEST items it names are read by key.
    grantTableAccess(exporter, tables.appliances, APPLIANCES_TABLE, 'batchRead');
    for (const f of [replica, migrate]) grantDataApi(f, cluster.clusterArn, secret.secretArn);

    const streams = {
      retryAttempts: config.streamRetryAttempts,
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
    this.alerting = new AmpAlerting(this, 'Alerting', {
      prefix: config.prefix,
      workspace: this.prometheus.workspace,
      removalPolicy,
    });
    if (props.accessLogs)
      this.accessLogMetrics = new AccessLogMetrics(this, 'AccessLogSubscription', {
        fn: accessLogFunction,
        accessLogs: props.accessLogs,
        removalPolicy,
      });
    this.deadLetterQueues = this.readDeadLetters(exporter);
    // What `aiops-obs report` and `export training` need to read the replica over the Data API.
    new CfnOutput(this, 'ReplicaClusterArn', {
      value: cluster.clusterArn,
      description: 'RDS_DATA_RESOURCE_ARN (--cluster-arn) of aiops-obs report and export',
    });
    new CfnOutput(this, 'ReplicaSecretArn', {
      value: secret.secretArn,
      description: 'RDS_DATA_SECRET_ARN (--secret-arn): the secret of the replica database user',
    });
    new CfnOutput(this, 'ReplicaDatabaseName', {
      value: REPLICA_DATABASE_NAME,
      description: 'RDS_DATA_DATABASE (--database)',
    });
  }

  /**
   * Names every on-failure queue, and lets the exporter read their depth: `DEAD_LETTER_QUEUES`
   * (`name=url,...`, also the stack output `aiops-obs redrive --queues` takes) and
   * `sqs:GetQueueAttributes` on exactly those queues.
   */
  private readDeadLetters(exporter: PowertoolsFunction): Record<string, sqs.IQueue> {
    const queues: Record<string, sqs.IQueue> = {};
    for (const [consumer, streams] of [
      ['aggregator', this.aggregatorStreams],
      ['replica', this.replicaStreams],
    ] as const) {
      for (const m of streams.mappings) queues[streamQueueName(consumer, m.source.id)] = m.onFailureQueue;
      queues[recordQueueName(consumer)] = streams.recordDeadLetterQueue;
    }
    queues[EXPORTER_SCHEDULE_QUEUE] = this.prometheus.scheduleDeadLetterQueue;
    if (this.accessLogMetrics) queues[ACCESS_LOG_METRICS_QUEUE] = this.accessLogMetrics.onFailureQueue;
    const entries = Object.entries(queues);
    const named = entries.map(([name, q]) => `${name}=${q.queueUrl}`).join(',');
    exporter.function.addEnvironment('DEAD_LETTER_QUEUES', named);
    new CfnOutput(this, 'DeadLetterQueues', {
      value: named,
      description:
        'DEAD_LETTER_QUEUES (--queues) of aiops-obs redrive: name=queueUrl of every dead-letter queue',
    });
    exporter.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'readDeadLetterDepths',
        actions: ['sqs:GetQueueAttributes'],
        resources: entries.map(([, q]) => q.queueArn),
      }),
    );
    return queues;
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

/** `aggregator` → `Aggregator`, `access-log-metrics` → `AccessLogMetrics`. */
function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
