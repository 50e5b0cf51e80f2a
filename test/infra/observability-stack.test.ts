import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALARM_SEVERITIES, alarmSeverity } from '#domain/alarm-naming';
import { type AiopsApp, buildApp } from '#lib/app';
import { AmpRuleGroups } from '#lib/constructs/amp-rule-groups';
import { readDashboards } from '#lib/constructs/grafana-provisioning';
import { findMonitoredResources, shortName } from '#lib/constructs/monitored-resources';
import { ServiceAlarms } from '#lib/constructs/service-alarms';
import { DEFAULT_DASHBOARDS_DIR, DEFAULT_RULES_FILE } from '#lib/stacks/observability-stack';
import { logicalId } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
const fast = { 'aws:cdk:bundling-stacks': [] };

/**
 * A synthesised value as text, with references as `<stack/logicalId>` (also across stacks:
 * a weak reference is an output of the producing stack) and pseudo parameters as `<AWS::X>`.
 */
function text(value: unknown, app: AiopsApp): string {
  const v = value as Record<string, unknown>;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((x) => text(x, app)).join(',');
  if (v && 'Ref' in v) return `<${v.Ref}>`;
  if (v && 'Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if (v && 'Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => text(p, app)).join(sep);
  }
  if (v && 'Fn::GetStackOutput' in v) {
    const { StackName, OutputName } = v['Fn::GetStackOutput'] as { StackName: string; OutputName: string };
    const producer = app.app.node.findChild(StackName) as Stack;
    const output = Template.fromStack(producer).toJSON().Outputs[OutputName].Value;
    return `<${StackName}/${text(output, app).slice(1, -1)}>`;
  }
  if (v && typeof v === 'object')
    return JSON.stringify(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x, app)])));
  return JSON.stringify(value);
}

describe('ObservabilityStack', () => {
  let built: AiopsApp;
  let template: Template;
  let alarms: Resource[];
  beforeAll(() => {
    built = buildApp({ context: fast, nag: false, cloudFormationValidation: false });
    template = Template.fromStack(built.observability);
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  });
  const alarmNamed = (name: string) => alarms.find((a) => a.Properties.AlarmName === name);
  const dimensionOf = (alarm: Resource | undefined, name: string) => {
    const metrics = [
      alarm?.Properties,
      ...((alarm?.Properties.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[]) ?? []).map(
        (m) => m.MetricStat?.Metric,
      ),
    ];
    for (const m of metrics) {
      const d = (m?.Dimensions as { Name: string; Value: unknown }[] | undefined)?.find(
        (x) => x.Name === name,
      );
      if (d) return text(d.Value, built);
    }
    return undefined;
  };
  /** A reference to the construct as {@link text} renders it from the observability stack. */
  const ref = (construct: Parameters<typeof logicalId>[0]) =>
    Stack.of(construct) === built.observability
      ? `<${logicalId(construct)}>`
      : `<${Stack.of(construct).stackName}/${logicalId(construct)}>`;

  it('puts the rule file into an AMP rule-groups namespace on the pipeline workspace, verbatim', () => {
    // Act
    const [namespace] = Object.values(template.findResources('AWS::APS::RuleGroupsNamespace')) as Resource[];

    // Assess
    expect(namespace?.Properties.Data).toBe(readFileSync(DEFAULT_RULES_FILE, 'utf8'));
    expect(namespace?.Properties.Name).toBe('aiops-rules');
    expect(text(namespace?.Properties.Workspace, built)).toBe(
      `<aiops-pipeline/${logicalId(built.pipeline.prometheus.workspace)}.Arn>`,
    );
  });

  it("routes the workspace's alerts by severity to one encrypted topic each, which only AMP may publish to", () => {
    // Prepare
    const pipeline = Template.fromStack(built.pipeline);
    const workspace = pipeline.toJSON().Resources[logicalId(built.pipeline.prometheus.workspace)];
    const topics = built.pipeline.alerting.topics;

    // Act
    const definition = parse(text(workspace.Properties.AlertManagerDefinition, built));
    const config = parse(definition.alertmanager_config);

    // Assess
    expect(config.route).toMatchObject({
      receiver: 'aiops-warning',
      group_by: ['alertname', 'severity', 'customer_id'],
    });
    for (const severity of ALARM_SEVERITIES) {
      const route = config.route.routes.find(
        (r: { matchers: string[] }) => r.matchers[0] === `severity="${severity}"`,
      );
      const receiver = config.receivers.find((r: { name: string }) => r.name === route.receiver);
      expect(receiver.sns_configs).toEqual([
        expect.objectContaining({
          topic_arn: `<${logicalId(topics[severity])}>`,
          send_resolved: true,
          sigv4: { region: '<AWS::Region>' },
        }),
      ]);
      expect(route).toMatchObject({ group_wait: expect.any(String), repeat_interval: expect.any(String) });
      pipeline.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `aiops-alerts-${severity}`,
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(built.pipeline.alerting.key), 'Arn'] },
      });
      pipeline.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalId(topics[severity]) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Principal: { Service: 'aps.amazonaws.com' },
              Action: ['sns:Publish', 'sns:GetTopicAttributes'],
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnEquals: {
                  'aws:SourceArn': { 'Fn::GetAtt': [logicalId(built.pipeline.prometheus.workspace), 'Arn'] },
                },
              },
            }),
          ]),
        },
      });
    }
    pipeline.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'aps.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    expect(built.observability.alertTopics).toBe(topics);
  });

  it('names every alarm <prefix>-<what>-<severity> with a matching [severity] description, and gives none an action', () => {
    // Assess
    expect(alarms.length).toBeGreaterThan(30);
    for (const { Properties: p } of alarms) {
      const name = String(p.AlarmName);
      const severity = alarmSeverity({ name });
      expect(name).toMatch(/^aiops-.+-(critical|warning|info)$/);
      expect(String(p.AlarmDescription)).toMatch(
        new RegExp(`^\\[${severity}\\] \\S.* \\(deployment aiops\\)$`),
      );
      expect(p.AlarmActions ?? []).toEqual([]);
      expect(p.OKActions ?? []).toEqual([]);
    }
  });

  it('watches every function, table and queue of the stacks built before it', () => {
    // Prepare
    const before = [built.data, built.api, built.pipeline, built.fleet, built.observability];

    // Act
    const expected = findMonitoredResources(built.app);
    const found = built.observability.alarms.resources;

    // Assess
    const inBefore = (c: { node: { path: string } }) =>
      before.some((s) => c.node.path.startsWith(`${s.node.path}/`));
    expect(found.functions).toEqual(expected.functions.filter(inBefore));
    expect(found.tables).toEqual(expected.tables.filter(inBefore));
    expect(found.queues).toEqual(expected.queues.filter(inBefore));
    expect(found.workQueues).toEqual(expected.workQueues.filter(inBefore));
  });

  it('alarms on errors and throttles of every function it watches', () => {
    // Prepare
    const { functions } = built.observability.alarms.resources;

    // Assess
    expect(functions.map(shortName)).toEqual(
      expect.arrayContaining([
        'ingest-decisions',
        'authorizer',
        'exporter',
        'grafana-provisioning-provisioner',
      ]),
    );
    for (const fn of functions) {
      for (const kind of ['Fault-Count', 'Throttled-Count']) {
        const alarm = alarmNamed(`aiops-fn-${shortName(fn)}-${kind}-warning`);
        expect(dimensionOf(alarm, 'FunctionName')).toBe(ref(fn.function));
      }
    }
  });

  it('alarms on read and write throttles of every table and on the iterator age of each stream consumer', () => {
    // Prepare
    const { tables } = built.observability.alarms.resources;

    // Assess
    expect(tables).toEqual(expect.arrayContaining(Object.values(built.data.tables)));
    for (const table of tables) {
      for (const kind of ['Read', 'Write']) {
        const alarm = alarmNamed(`aiops-table-${shortName(table)}-${kind}-Throttled-Events-warning`);
        expect(dimensionOf(alarm, 'TableName')).toBe(ref(table));
      }
    }
    for (const name of ['aggregator', 'replica'] as const) {
      const [warning, critical] = ['warning', 'critical'].map((s) =>
        alarmNamed(`aiops-fn-${name}-Iterator-Age-Max-${s}`),
      );
      expect(dimensionOf(critical, 'FunctionName')).toBe(ref(built.pipeline.functions[name].function));
      expect(warning?.Properties.Threshold).toBe(built.config.iteratorAgeAlarmSeconds * 1000);
      expect(critical?.Properties.Threshold).toBe(built.config.alarms.iteratorAgeCriticalSeconds * 1000);
    }
  });

  it('pages on any message in a stream on-failure queue and warns on the other dead-letter queues', () => {
    // Prepare
    const { queues, onFailureQueues } = built.observability.alarms.resources;

    // Assess
    expect(onFailureQueues).toHaveLength(3);
    for (const queue of queues) {
      const severity = onFailureQueues.includes(queue) ? 'critical' : 'warning';
      const alarm = alarmNamed(`aiops-queue-${shortName(queue)}-Queue-Message-Count-Max-${severity}`);
      expect(dimensionOf(alarm, 'QueueName')).toBe(
        `<${Stack.of(queue).stackName}/${logicalId(queue)}.QueueName>`,
      );
      expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('pages on API 5xx above the rate, warns on p95 latency, and pages on exporter failures minutes in a row', () => {
    // Prepare
    const c = built.config.alarms;
    const api = ref(built.api.api.httpApi);

    // Act
    const fiveXx = alarmNamed('aiops-api-Fault-Rate-critical');
    const latency = alarmNamed('aiops-api-Latency-P95-warning');
    const exporter = alarmNamed('aiops-exporter-failures-critical');

    // Assess
    expect(fiveXx?.Properties.Threshold).toBe(c.api5xxPercent / 100);
    expect(dimensionOf(fiveXx, 'ApiId')).toBe(api);
    expect(latency?.Properties).toMatchObject({
      Threshold: c.apiP95LatencyMs,
      Metrics: [{ MetricStat: { Metric: { MetricName: 'Latency' }, Stat: 'p95', Period: 300 } }],
    });
    expect(dimensionOf(latency, 'ApiId')).toBe(api);
    expect(exporter?.Properties).toMatchObject({
      Namespace: 'AiopsObservability',
      MetricName: 'ExportFailures',
      Dimensions: [{ Name: 'service', Value: 'exporter' }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: c.exporterFailureMinutes,
      DatapointsToAlarm: c.exporterFailureMinutes,
      TreatMissingData: 'notBreaching',
    });
  });

  it('creates a Managed Grafana workspace signed into with IAM Identity Center, reading through its own role', () => {
    // Prepare
    const grafana = built.observability.grafana;
    if (!grafana) throw new Error('no Grafana');

    // Assess
    template.hasResourceProperties('AWS::Grafana::Workspace', {
      AuthenticationProviders: ['AWS_SSO'],
      AccountAccessType: 'CURRENT_ACCOUNT',
      // What AWS documents for workspaces created by CloudFormation with a role of their own.
      PermissionType: 'CUSTOMER_MANAGED',
      DataSources: ['PROMETHEUS', 'CLOUDWATCH', 'XRAY'],
      RoleArn: { 'Fn::GetAtt': [logicalId(grafana.role), 'Arn'] },
      GrafanaVersion: built.config.grafana.version,
      PluginAdminEnabled: false,
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { Service: 'grafana.amazonaws.com' }, Condition: Match.anyValue() }),
        ],
      },
    });
    const policy = template.toJSON().Resources[logicalId(grafana.node.findChild('ReadPolicy'))];
    const statements = policy.Properties.PolicyDocument.Statement as {
      Sid: string;
      Action: string[];
      Resource: unknown;
    }[];
    const aps = statements.find((s) => s.Sid === 'queryPrometheus');
    expect(text(aps?.Resource, built)).toBe(
      `<aiops-pipeline/${logicalId(built.pipeline.prometheus.workspace)}.Arn>`,
    );
    const logs = statements.find((s) => s.Sid === 'queryLogs');
    expect(text(logs?.Resource, built).split(',').sort()).toEqual(
      [built.api.functions['ingest-decisions'], built.api.functions['ingest-execution']]
        .map((f) => `<aiops-api/${logicalId(f.logGroup)}.Arn>`)
        .sort(),
    );
    for (const s of statements)
      expect(
        [s.Action]
          .flat()
          .every((a) =>
            /^(aps|cloudwatch|logs|xray|ec2):(Get|List|Describe|Query|BatchGet|Start|Stop)/.test(a),
          ),
      ).toBe(true);
  });

  it('provisions the data sources and every generated dashboard through a custom resource, the dashboards from an S3 asset', () => {
    // Prepare
    const provisioning = built.observability.provisioning;
    const grafana = built.observability.grafana;
    if (!provisioning || !grafana) throw new Error('no Grafana provisioning');
    const [resource] = Object.values(template.findResources('Custom::GrafanaProvisioning')) as Resource[];
    const p = resource?.Properties ?? {};

    // Assess
    expect(provisioning.dashboardModels.map((d) => d.uid).sort()).toEqual([
      'aiops-ansible-execution',
      'aiops-appliance-health',
      'aiops-decision-quality',
      'aiops-slo',
      'aiops-system-overview',
    ]);
    expect(provisioning.dashboardModels).toEqual(readDashboards(DEFAULT_DASHBOARDS_DIR));
    expect(text(p.WorkspaceId, built)).toBe(`<${logicalId(grafana.workspace)}.Id>`);
    expect(text(p.GrafanaUrl, built)).toBe(`https://<${logicalId(grafana.workspace)}.Endpoint>`);
    expect(text(p.PrometheusUrl, built)).toBe(
      `<aiops-pipeline/${logicalId(built.pipeline.prometheus.workspace)}.PrometheusEndpoint>`,
    );
    expect(text(p.DashboardsUrl, built)).toMatch(
      /^https:\/\/.+\.s3\.<AWS::Region>\.<AWS::URLSuffix>\/[0-9a-f]{64}\.json$/,
    );
    expect(p.DashboardsHash).toBe(provisioning.dashboards.assetHash);
    expect(text(p.DashboardConstants, built)).toBe(
      JSON.stringify({
        decisions_log_group: `<aiops-api/${logicalId(built.api.functions['ingest-decisions'].logGroup)}>`,
        execution_log_group: `<aiops-api/${logicalId(built.api.functions['ingest-execution'].logGroup)}>`,
      }),
    );
    const statements = template.toJSON().Resources[
      logicalId(provisioning.provisioner.node.findChild('DataPolicy'))
    ].Properties.PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown }[];
    expect(statements.map((s) => s.Sid).sort()).toEqual(['manageServiceAccounts', 'readDashboards']);
    const grafanaStatement = statements.find((s) => s.Sid === 'manageServiceAccounts');
    expect(text(grafanaStatement?.Resource, built)).toBe(
      `arn:<AWS::Partition>:grafana:<AWS::Region>:<AWS::AccountId>:/workspaces/<${logicalId(grafana.workspace)}.Id>`,
    );
    expect(statements.find((s) => s.Sid === 'readDashboards')?.Action).toBe('s3:GetObject');
  });

  it('leaves Managed Grafana out when disabled, keeping rules and alarms', () => {
    // Act
    const off = buildApp({
      context: { ...fast, grafana: '{"enabled":false}' },
      nag: false,
      cloudFormationValidation: false,
    });
    const t = Template.fromStack(off.observability);

    // Assess
    t.resourceCountIs('AWS::Grafana::Workspace', 0);
    t.resourceCountIs('Custom::GrafanaProvisioning', 0);
    t.resourceCountIs('AWS::APS::RuleGroupsNamespace', 1);
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length).toBe(alarms.length - 2);
    expect(off.observability.grafana).toBeUndefined();
  });
});

describe('ServiceAlarms in a stack of its own', () => {
  it('tells work queues from dead-letter queues and adds no exporter alarm unless asked', () => {
    // Prepare
    const stack = new Stack(new App(), 'Alerts');
    const deadLetters = new sqs.Queue(stack, 'DeadLetters');
    const work = new sqs.Queue(stack, 'Work', {
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });

    // Act
    const alarms = new ServiceAlarms(stack, 'Alarms', {
      prefix: 'aiops',
      resources: findMonitoredResources(stack),
      dashboard: false,
      thresholds: { workQueueMaxAgeSeconds: 600 },
    });
    const t = Template.fromStack(stack);

    // Assess
    expect(alarms.alarms.map((a) => a.alarmName).sort()).toEqual([
      'aiops-queue-dead-letters-Queue-Message-Count-Max-warning',
      'aiops-queue-work-Queue-Message-Age-Max-warning',
    ]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'aiops-queue-work-Queue-Message-Age-Max-warning',
      Threshold: 600,
      Metrics: [
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: {
              MetricName: 'ApproximateAgeOfOldestMessage',
              Namespace: 'AWS/SQS',
              Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(work), 'QueueName'] } }],
            },
          }),
        }),
      ],
    });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});

describe('AmpRuleGroups', () => {
  it.each([
    ['groups: []', 'is not a rule file'],
    ['groups: [{ name: x }]', 'is not a rule file'],
    ['groups: [{ name: x, rules: [{ alert: A, expr: up, severity: critical }] }]', 'is not a rule file'],
    ['groups: [', 'not YAML'],
  ])('fails the synth on %j, naming the file', (data, message) => {
    // Prepare
    const stack = new Stack(new App(), 'Rules');

    // Act
    const act = () =>
      new AmpRuleGroups(stack, 'Rules', { workspaceArn: 'arn', name: 'n', data, source: 'rules/x.yml' });

    // Assess
    expect(act).toThrow(new RegExp(`^rules/x\\.yml:? ${message}`));
  });
});
