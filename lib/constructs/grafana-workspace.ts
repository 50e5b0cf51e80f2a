import { ArnFormat, Aws, Stack, Validations } from 'aws-cdk-lib';
import * as grafana from 'aws-cdk-lib/aws-grafana';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of a {@link GrafanaWorkspace}. */
export interface GrafanaWorkspaceProps {
  /** Workspace name, e.g. `aiops`. */
  readonly name: string;
  /** Grafana version. @default '10.4' */
  readonly version?: string;
  /** The AMP workspace the Prometheus data source queries. */
  readonly prometheusWorkspaceArn: string;
  /** Log groups the CloudWatch data source may run Logs Insights queries on. @default - none */
  readonly queryableLogGroups?: readonly logs.ILogGroup[];
}

/** The data sources the workspace role serves (the workspace's `dataSources`). */
export const GRAFANA_DATA_SOURCES = ['PROMETHEUS', 'CLOUDWATCH', 'XRAY'] as const;

/**
 * An Amazon Managed Grafana workspace for the aiops dashboards: users sign in through IAM
 * Identity Center (`AWS_SSO`, which must be enabled in the account or its organization),
 * plugin management off, and a workspace role that may only read: queries on the one AMP
 * workspace, CloudWatch metrics, Logs Insights on the given log groups, and X-Ray traces.
 *
 * The permission type is `CUSTOMER_MANAGED`: the role is this construct's. AWS creates roles
 * for `SERVICE_MANAGED` only from the console and documents `CUSTOMER_MANAGED` for
 * CloudFormation; `dataSources` still lists the three, for the console.
 *
 * @example new GrafanaWorkspace(this, 'Grafana', { name: 'aiops', prometheusWorkspaceArn });
 */
export class GrafanaWorkspace extends Construct {
  public readonly workspace: grafana.CfnWorkspace;
  /** The role Grafana's data sources use. */
  public readonly role: iam.Role;
  /** `https://<id>.grafana-workspace.<region>.amazonaws.com`. */
  public readonly url: string;
  /** `arn:<partition>:grafana:<region>:<account>:/workspaces/<id>`. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: `Read-only data source role of the ${props.name} Grafana workspace`,
      // Not the workspace's own ARN: the workspace names this role (a cycle).
      assumedBy: new iam.ServicePrincipal('grafana.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': `arn:${Aws.PARTITION}:grafana:${Aws.REGION}:${Aws.ACCOUNT_ID}:/workspaces/*`,
        },
      }),
    });
    const policy = new iam.Policy(this, 'ReadPolicy', { roles: [this.role] });
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'queryPrometheus',
        actions: ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'],
        resources: [props.prometheusWorkspaceArn],
      }),
      new iam.PolicyStatement({
        sid: 'readMetricsAndTraces',
        actions: [
          'cloudwatch:GetMetricData',
          'cloudwatch:ListMetrics',
          'cloudwatch:DescribeAlarmsForMetric',
          'logs:GetQueryResults',
          'logs:StopQuery',
          'ec2:DescribeRegions',
          'xray:BatchGetTraces',
          'xray:GetTraceSummaries',
          'xray:GetTraceGraph',
          'xray:GetGroups',
          'xray:GetServiceGraph',
          'xray:GetTimeSeriesServiceStatistics',
          'xray:GetInsightSummaries',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'listLogGroups',
        actions: ['logs:DescribeLogGroups'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    const logGroups = props.queryableLogGroups ?? [];
    if (logGroups.length > 0) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'queryLogs',
          actions: ['logs:StartQuery', 'logs:GetLogGroupFields'],
          resources: logGroups.map((g) => g.logGroupArn),
        }),
      );
    }
    Validations.of(policy.node.defaultChild ?? policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Read-only data source calls that support no resource-level permission: CloudWatch GetMetricData, ' +
        'ListMetrics and DescribeAlarmsForMetric, Logs Insights GetQueryResults/StopQuery (by query id), ' +
        'ec2:DescribeRegions and the X-Ray read APIs. Queries on AMP and Logs Insights are scoped above.',
    });
    Validations.of(policy.node.defaultChild ?? policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]',
      reason:
        'logs:DescribeLogGroups lists log groups and authorizes only on "log-group:*" (the CloudWatch data ' +
        'source fills its log group picker with it); it reads no log events. Queries are scoped to named groups.',
    });
    this.workspace = new grafana.CfnWorkspace(this, 'Workspace', {
      name: props.name,
      description: 'aiops-observability dashboards (provisioned by the observability stack)',
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: ['AWS_SSO'],
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: this.role.roleArn,
      dataSources: [...GRAFANA_DATA_SOURCES],
      grafanaVersion: props.version ?? '10.4',
      pluginAdminEnabled: false,
    });
    this.workspace.node.addDependency(policy);
    this.url = `https://${this.workspace.attrEndpoint}`;
    this.arn = `arn:${Aws.PARTITION}:grafana:${Aws.REGION}:${Aws.ACCOUNT_ID}:/workspaces/${this.workspace.attrId}`;
  }
}
