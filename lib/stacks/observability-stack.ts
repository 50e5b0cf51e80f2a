import { readFileSync } from 'node:fs';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { AlarmSeverity } from '#domain/alarm-naming';
import { LOG_GROUP_VARIABLES } from '../../dashboards/trace-links.ts';
import { type AppConfig, functionSettings } from '../config.ts';
import { AmpRuleGroups } from '../constructs/amp-rule-groups.ts';
import { GrafanaProvisioning } from '../constructs/grafana-provisioning.ts';
import { GrafanaWorkspace } from '../constructs/grafana-workspace.ts';
import { findMonitoredResources, shortName } from '../constructs/monitored-resources.ts';
import type { PrometheusExport } from '../constructs/prometheus-export.ts';
import { ServiceAlarms } from '../constructs/service-alarms.ts';
import { GENERATED_DASHBOARDS_DIR } from '../generated-files.ts';
import { RULES_FILE } from '../rules/rule-file.ts';

/** The Prometheus rule file AMP evaluates (the one promtool checks and tests). */
export const DEFAULT_RULES_FILE = RULES_FILE;
/** The generated dashboards Managed Grafana gets. */
export const DEFAULT_DASHBOARDS_DIR = GENERATED_DASHBOARDS_DIR;

/** Properties of the {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  /** Deployment settings (`grafana`, `alarms`, `iteratorAgeAlarmSeconds`, prefix, logs). */
  readonly config: AppConfig;
  /** The AMP workspace and its exporter (pipeline stack). */
  readonly prometheus: PrometheusExport;
  /** The SNS topics AMP's alert manager publishes to, by severity (pipeline stack, beside the workspace). */
  readonly alertTopics: Readonly<Record<AlarmSeverity, sns.ITopic>>;
  /** The rule file. @default {@link DEFAULT_RULES_FILE} */
  readonly rulesFile?: string;
  /** The dashboards folder. @default {@link DEFAULT_DASHBOARDS_DIR} */
  readonly dashboardsDir?: string;
}

/**
 * Alerting and dashboards: the AMP rule-groups namespace (the repo's rule file, verbatim), the
 * CloudWatch alarms of every function, table, queue and API of the app (built before this
 * stack, see {@link findMonitoredResources}) with a CloudWatch dashboard, and, unless
 * `grafana.enabled` is false, a Managed Grafana workspace whose data sources and dashboards a
 * custom resource provisions. AMP's alert manager definition and its SNS topics stay in the
 * pipeline stack, on the workspace; {@link ObservabilityStack.alertTopics} hands them on.
 */
export class ObservabilityStack extends Stack {
  public readonly rules: AmpRuleGroups;
  public readonly alarms: ServiceAlarms;
  /** The Managed Grafana workspace, unless disabled. */
  public readonly grafana?: GrafanaWorkspace;
  /** Its provisioning, unless disabled. */
  public readonly provisioning?: GrafanaProvisioning;
  /** AMP alert manager's SNS topics by severity, for subscribers (the alert fan-out). */
  public readonly alertTopics: Readonly<Record<AlarmSeverity, sns.ITopic>>;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, prometheus } = props;
    this.alertTopics = props.alertTopics;
    const rulesFile = props.rulesFile ?? DEFAULT_RULES_FILE;
    this.rules = new AmpRuleGroups(this, 'Rules', {
      workspaceArn: prometheus.workspace.attrArn,
      name: `${config.prefix}-rules`,
      data: readFileSync(rulesFile, 'utf8'),
      source: rulesFile,
    });

    if (config.grafana.enabled) {
      const loggedFunctions = findMonitoredResources(scope).functions;
      const constants: Record<string, string> = {};
      const queryable: logs.ILogGroup[] = [];
      for (const [fn, variable] of Object.entries(LOG_GROUP_VARIABLES)) {
        const found = loggedFunctions.find((f) => shortName(f) === fn);
        if (!found) throw new Error(`dashboards read the logs of ${fn}, a function the app does not have`);
        constants[variable] = found.logGroup.logGroupName;
        queryable.push(found.logGroup);
      }
      this.grafana = new GrafanaWorkspace(this, 'Grafana', {
        name: config.prefix,
        version: config.grafana.version,
        prometheusWorkspaceArn: prometheus.workspace.attrArn,
        queryableLogGroups: queryable,
      });
      this.provisioning = new GrafanaProvisioning(this, 'GrafanaProvisioning', {
        workspace: this.grafana,
        prometheusUrl: prometheus.workspace.attrPrometheusEndpoint,
        dashboardsDir: props.dashboardsDir ?? DEFAULT_DASHBOARDS_DIR,
        constants,
        functionSettings: functionSettings(config),
      });
      new CfnOutput(this, 'GrafanaUrl', {
        value: this.grafana.url,
        description: 'Managed Grafana (IAM Identity Center sign-in)',
      });
    }

    // Last, so the provisioner function is watched too.
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      prefix: config.prefix,
      resources: findMonitoredResources(scope),
      exporterService: 'exporter',
      thresholds: {
        ...config.alarms,
        iteratorAgeWarningSeconds: config.iteratorAgeAlarmSeconds,
      },
    });
  }
}
