import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aws, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { type Dashboard, parseDashboardBundle } from '#domain/grafana/dashboards';
import { readJsonFiles } from '../generated-files.ts';
import type { GrafanaWorkspace } from './grafana-workspace.ts';
import { PowertoolsFunction, type PowertoolsFunctionProps } from './powertools-function.ts';
import { customResourceProvider } from './provider.ts';

/** Properties of a {@link GrafanaProvisioning}. */
export interface GrafanaProvisioningProps {
  /** The workspace to provision. */
  readonly workspace: GrafanaWorkspace;
  /** The AMP workspace's Prometheus endpoint (`attrPrometheusEndpoint`). */
  readonly prometheusUrl: string;
  /** The folder of the generated dashboard JSON files (every `*.json` in it). */
  readonly dashboardsDir: string;
  /** Values of the dashboards' constant variables (log groups; `aws_region` is set for you). @default {} */
  readonly constants?: Readonly<Record<string, string>>;
  /** Settings of the provisioner function (log level, retention, removal, tracing). @default - its defaults */
  readonly functionSettings?: Partial<
    Pick<PowertoolsFunctionProps, 'logLevel' | 'logRetention' | 'removalPolicy' | 'tracing'>
  >;
}

/** The Grafana control plane calls the provisioner makes, on its workspace only. */
export const PROVISIONER_GRAFANA_ACTIONS = [
  'grafana:ListWorkspaceServiceAccounts',
  'grafana:CreateWorkspaceServiceAccount',
  'grafana:DeleteWorkspaceServiceAccount',
  'grafana:CreateWorkspaceServiceAccountToken',
  'grafana:DeleteWorkspaceServiceAccountToken',
] as const;

/**
 * The data sources and dashboards of a Managed Grafana workspace as a CloudFormation resource:
 * the `grafana-provisioner` function behind a `custom_resources.Provider`. The dashboards go as
 * one S3 asset (a bundle of every JSON file of `dashboardsDir`, checked at synth time), not as
 * resource properties, which would weigh on the template; the bundle's hash is a property, so
 * a changed dashboard sends an update. The function may manage the workspace's service accounts
 * and read that one object, nothing else.
 *
 * @example new GrafanaProvisioning(this, 'Provisioning', { workspace, prometheusUrl, dashboardsDir });
 */
export class GrafanaProvisioning extends Construct {
  public readonly provisioner: PowertoolsFunction;
  /** The dashboard bundle. */
  public readonly dashboards: Asset;
  /** The dashboards in it (uid, title, ...). */
  public readonly dashboardModels: readonly Dashboard[];
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: GrafanaProvisioningProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const settings = props.functionSettings ?? {};
    this.dashboardModels = readDashboards(props.dashboardsDir);
    const bundleDir = mkdtempSync(join(tmpdir(), 'aiops-dashboards-'));
    writeFileSync(join(bundleDir, 'dashboards.json'), JSON.stringify({ dashboards: this.dashboardModels }));
    this.dashboards = new Asset(this, 'Dashboards', { path: join(bundleDir, 'dashboards.json') });

    this.provisioner = new PowertoolsFunction(this, 'Provisioner', {
      name: 'grafana-provisioner',
      description: 'aiops Grafana provisioning (custom resource): data sources and dashboards',
      memorySize: 256,
      timeout: Duration.minutes(3),
      ...settings,
    });
    this.provisioner.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'manageServiceAccounts',
        actions: [...PROVISIONER_GRAFANA_ACTIONS],
        resources: [props.workspace.arn],
      }),
    );
    this.provisioner.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'readDashboards',
        actions: ['s3:GetObject'],
        resources: [
          `arn:${Aws.PARTITION}:s3:::${this.dashboards.s3BucketName}/${this.dashboards.s3ObjectKey}`,
        ],
      }),
    );

    const frameworkLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: settings.logRetention ?? logs.RetentionDays.ONE_MONTH,
      ...(settings.removalPolicy ? { removalPolicy: settings.removalPolicy } : {}),
    });
    const provider = customResourceProvider(this, {
      onEventHandler: this.provisioner.function,
      logGroup: frameworkLogs,
      purpose: 'Grafana provisioning',
      handlerName: 'provisioner',
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GrafanaProvisioning',
      properties: {
        WorkspaceId: props.workspace.workspace.attrId,
        GrafanaUrl: props.workspace.url,
        Region: region,
        PrometheusUrl: props.prometheusUrl,
        DashboardsUrl: `https://${this.dashboards.s3BucketName}.s3.${region}.${Aws.URL_SUFFIX}/${this.dashboards.s3ObjectKey}`,
        DashboardsHash: this.dashboards.assetHash,
        DashboardConstants: { ...props.constants },
      },
    });
  }
}

/**
 * Every `*.json` of the folder, in name order, validated as a bundle.
 * @throws Error naming the file that is not JSON, or what the bundle lacks.
 */
export function readDashboards(dir: string): Dashboard[] {
  const models = readJsonFiles(dir, (f, reason) => `${join(dir, f)}: not JSON: ${reason}`).map((f) => f.json);
  return parseDashboardBundle({ dashboards: models });
}
