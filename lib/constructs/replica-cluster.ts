import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/** The database the replica writes to on the cluster (env `RDS_DATA_DATABASE`). */
export const REPLICA_DATABASE_NAME = 'aiops';
/** A port other than PostgreSQL's default: nothing connects over the network (Data API only). */
export const REPLICA_PORT = 5438;

/** Properties of a {@link ReplicaCluster}. */
export interface ReplicaClusterProps {
  /** The cluster identifier (lower case), also naming its PostgreSQL log group. */
  readonly clusterIdentifier: string;
  /** Serverless v2 minimum ACUs; 0 pauses the cluster when idle. @default 0 */
  readonly minCapacity?: number;
  /** Serverless v2 maximum ACUs. @default 4 */
  readonly maxCapacity?: number;
  /** Days of automated backups. @default 7 */
  readonly backupRetentionDays?: number;
  /** `RETAIN` also turns deletion protection on; `DESTROY` deletes cluster and VPC flow logs. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Retention of the VPC flow logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The analytics replica's Aurora PostgreSQL Serverless v2 cluster, reached only through the
 * RDS Data API (HTTPS, IAM): a small isolated VPC (no NAT, no Internet route, flow logs on),
 * one writer, storage encrypted, generated credentials in Secrets Manager, backups,
 * PostgreSQL logs exported to CloudWatch, and deletion protection when retained.
 *
 * @example const { cluster } = new ReplicaCluster(this, 'Replica', { clusterIdentifier: 'aiops-replica' }); cluster.grantDataApiAccess(fn);
 */
export class ReplicaCluster extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly cluster: rds.DatabaseCluster;
  /** The log group RDS exports PostgreSQL's log to, created here to set its retention. */
  public readonly postgresLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ReplicaClusterProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retain = removalPolicy === RemovalPolicy.RETAIN;
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    this.postgresLogs = new logs.LogGroup(this, 'PostgresLogs', {
      logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
      writer: rds.ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: props.minCapacity ?? 0,
      serverlessV2MaxCapacity: props.maxCapacity ?? 4,
      enableDataApi: true,
      defaultDatabaseName: REPLICA_DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret('aiops_admin'),
      port: REPLICA_PORT,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      iamAuthentication: true,
      backup: { retention: Duration.days(props.backupRetentionDays ?? 7) },
      clusterIdentifier: props.clusterIdentifier,
      cloudwatchLogsExports: ['postgresql'],
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    });
    this.cluster.node.addDependency(this.postgresLogs);
    if (!retain) {
      Validations.of(this.cluster.node.defaultChild ?? this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is off because the deployment chose removalPolicy destroy (a disposable ' +
          'environment): protection would make the stack impossible to delete. The default, retain, keeps it on.',
      });
    }
    const secret = this.cluster.node.tryFindChild('Secret')?.node.defaultChild;
    if (secret) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The password is never used over the network: the cluster has no ingress and sits in isolated ' +
          'subnets; only the RDS Data API (authorised by IAM) uses it. Rotation would need a rotation ' +
          'Lambda and a Secrets Manager endpoint in the VPC, left for a later issue.',
      });
    }
  }
}
