import { App, CrossStackReferences, ReferenceStrength, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type AppConfig, loadConfig } from './config.ts';
import { AlertingStack } from './stacks/alerting-stack.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { FleetStack } from './stacks/fleet-stack.ts';
import { ObservabilityStack } from './stacks/observability-stack.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Context of the new app, on top of what the CDK CLI passes (tests set it). @default - none */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory. @default - the CLI's, or a temporary directory */
  readonly outdir?: string;
  /** Check the whole app with cdk-nag's AwsSolutions pack during synthesis. @default true */
  readonly nag?: boolean;
  /** Run CDK's built-in CloudFormation schema validation (about 2 s; tests skip it where cdk-nag is not the subject). @default true */
  readonly cloudFormationValidation?: boolean;
}

/** The assembled app and its stacks. */
export interface AiopsApp {
  readonly app: App;
  readonly config: AppConfig;
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly pipeline: PipelineStack;
  /** Appliances over MQTT: IoT policy, topic rules, heartbeat and presence functions. */
  readonly fleet: FleetStack;
  /** Alarms, AMP rules and Managed Grafana; watches every stack built before it. */
  readonly observability: ObservabilityStack;
  /** Alert fan-out: alerts bus, routing by severity to PagerDuty, Slack and e-mail. */
  readonly alerting: AlertingStack;
}

/**
 * Builds the whole CDK app: settings from context, one stack per concern (env-agnostic: no
 * account or region needed to synthesise), and cdk-nag AwsSolutions checks on everything.
 * Shared by `bin/app.ts` and the infra tests.
 * @example const { app } = buildApp({ context: { prefix: 'staging' } }); app.synth();
 */
export function buildApp(options: BuildAppOptions = {}): AiopsApp {
  const app = new App({
    context: options.context,
    outdir: options.outdir,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
  });
  const config = loadConfig(app.node);
  // Weak references (Fn::GetStackOutput, no Export) keep a change of a referenced ARN, e.g. a
  // re-created stream, from locking producer and consumer in a "deadly embrace".
  CrossStackReferences.of(app).consume(ReferenceStrength.WEAK);
  const data = new DataStack(app, `${config.prefix}-data`, {
    config,
    description: 'aiops-observability: DynamoDB tables (decisions, appliances, keys)',
  });
  const api = new ApiStack(app, `${config.prefix}-api`, {
    config,
    tables: data.tables,
    description: 'aiops-observability: HTTP API, authorizer and ingest/read functions',
  });
  const pipeline = new PipelineStack(app, `${config.prefix}-pipeline`, {
    config,
    tables: data.tables,
    accessLogs: api.api.accessLogs,
    description: 'aiops-observability: stream consumers, Aurora replica, metrics export to AMP',
  });
  const fleet = new FleetStack(app, `${config.prefix}-fleet`, {
    config,
    tables: data.tables,
    description: 'aiops-observability: appliances over MQTT (IoT Core policy, topic rules, presence)',
  });
  // Built after every stack it watches (it finds their functions, tables and queues).
  const observability = new ObservabilityStack(app, `${config.prefix}-observability`, {
    config,
    prometheus: pipeline.prometheus,
    alertTopics: pipeline.alerting.topics,
    description: 'aiops-observability: CloudWatch alarms, AMP rules, Managed Grafana and its dashboards',
  });
  // After observability: its alarms watch dead-letter queues, and this stack's work queues are not.
  const alerting = new AlertingStack(app, `${config.prefix}-alerting`, {
    config,
    alertTopics: observability.alertTopics,
    ...(observability.grafana ? { grafanaUrl: observability.grafana.url } : {}),
    description: 'aiops-observability: alert fan-out (alerts bus, routing to PagerDuty, Slack and e-mail)',
  });
  Tags.of(app).add('project', 'aiops-observability');
  Tags.of(app).add('aiops:prefix', config.prefix);
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    );
  }
  return { app, config, data, api, pipeline, fleet, observability, alerting };
}
