import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AiopsApp, buildApp } from '#lib/app';
import { logicalId } from './support.ts';

interface Acknowledged {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Every acknowledgement in the construct tree, with the path of the construct it is on. */
function acknowledgements(app: IConstruct): Acknowledged[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions on the whole app', () => {
  let built: AiopsApp;
  let assembly: CloudAssembly;
  beforeAll(() => {
    built = buildApp();
    assembly = built.app.synth();
  });

  it('synthesises with no unacknowledged finding and no warning or error annotation', () => {
    // Prepare
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations?: unknown[] }[];
    };

    // Act
    const direct = new AwsSolutionsChecks().validateScope(built.app);
    const annotations = [
      built.data,
      built.api,
      built.pipeline,
      built.fleet,
      built.observability,
      built.alerting,
    ].flatMap((stack: Stack) => [
      ...Annotations.fromStack(stack).findError('*', Match.anyValue()),
      ...Annotations.fromStack(stack).findWarning('*', Match.anyValue()),
    ]);

    // Assess
    expect(direct.violations).toEqual([]);
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
    expect(annotations).toEqual([]);
  });

  it('acknowledges only the expected findings, each on its own resource with a reason', () => {
    // Act
    const acks = acknowledgements(built.app);

    // Assess
    const functions = [
      'IngestDecisions',
      'IngestExecution',
      'IngestFeedback',
      'IngestHeartbeats',
      'Reads',
      'Public',
    ];
    expect(acks.map((a) => `${a.path} ${a.id}`).sort()).toEqual(
      [
        ...[...functions, 'Authorizer'].map(
          (f) => `aiops-api/${f}/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]`,
        ),
        ...['Aggregator', 'Replica', 'Exporter', 'Migrate', 'AccessLogMetrics'].map(
          (f) => `aiops-pipeline/${f}/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]`,
        ),
        ...[
          'AggregatorStreams/DecisionsOnFailure',
          'AggregatorStreams/RecordDeadLetters',
          'ReplicaStreams/DecisionsOnFailure',
          'ReplicaStreams/AppliancesOnFailure',
          'ReplicaStreams/RecordDeadLetters',
          'Prometheus/ScheduleDeadLetters',
          'AccessLogSubscription/OnFailure',
        ].map((q) => `aiops-pipeline/${q}/Resource AwsSolutions-SQS3`),
        'aiops-pipeline/ReplicaDatabase/Cluster/Secret/Resource AwsSolutions-SMG4',
        'aiops-observability/GrafanaProvisioning/Provisioner/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'aiops-observability/Grafana/ReadPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        'aiops-observability/Grafana/ReadPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]',
        `aiops-observability/GrafanaProvisioning/FrameworkRole/DefaultPolicy AwsSolutions-IAM5[Resource::<${logicalId(built.observability.provisioning?.provisioner.function as IConstruct)}.Arn>:*]`,
        ...['IotHeartbeat', 'IotPresence'].flatMap((f) => [
          `aiops-fleet/${f}/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]`,
          `aiops-fleet/${f}/DataPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:thing/*]`,
        ]),
        'aiops-fleet/DeadLetters/Resource AwsSolutions-SQS3',
        ...['PagerdutyRoute', 'SlackRoute', 'EmailRoute', 'Normaliser'].map(
          (f) => `aiops-alerting/${f}/Function/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]`,
        ),
        ...[
          'PagerdutyRoute/DeadLetters',
          'SlackRoute/DeadLetters',
          'EmailRoute/DeadLetters',
          'Normaliser/SubscriptionDeadLetters',
          'Normaliser/AlarmRuleDeadLetters',
          'Normaliser/NormaliserDeadLetters',
        ].map((q) => `aiops-alerting/${q}/Queue/Resource AwsSolutions-SQS3`),
        ...['PagerDutyRoutingKey', 'SlackWebhookUrl'].map(
          (s) => `aiops-alerting/${s}/Resource AwsSolutions-SMG4`,
        ),
        // Acknowledged by aws-cdk-lib itself (its VPC and flow log constructs), not by this project.
        'aiops-pipeline CloudFormation-Validate::W3010',
        'aiops-pipeline/ReplicaDatabase/Vpc/all CloudFormation-Validate::F3002',
        'aiops-pipeline/ReplicaDatabase/Vpc/all CloudFormation-Validate::F3003',
        `aiops-pipeline/ReplicaSchema/FrameworkRole/DefaultPolicy AwsSolutions-IAM5[Resource::<${logicalId(built.pipeline.functions.migrate.function)}.Arn>:*]`,
        `aiops-pipeline/Prometheus/SchedulerRole/DefaultPolicy AwsSolutions-IAM5[Resource::<${logicalId(built.pipeline.functions.exporter.function)}.Arn>:*]`,
        'aiops-api/Api/Route GET health/Resource AwsSolutions-APIG4',
        'aiops-api/Api/Route GET openapi.json/Resource AwsSolutions-APIG4',
        'aiops-api/Api/Route $default/Resource AwsSolutions-APIG4',
      ].sort(),
    );
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(40);
  });

  it('synthesises a disposable deployment (removalPolicy destroy), acknowledging only the replica without deletion protection', () => {
    // Prepare
    const disposable = buildApp({
      context: { removalPolicy: 'destroy', 'aws:cdk:bundling-stacks': [] },
      cloudFormationValidation: false,
    });

    // Act
    const act = () => disposable.app.synth();

    // Assess
    expect(act).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(disposable.app).violations).toEqual([]);
    const extra = acknowledgements(disposable.app)
      .map((a) => `${a.path} ${a.id}`)
      .filter((a) => !acknowledgements(built.app).some((b) => `${b.path} ${b.id}` === a));
    expect(extra).toEqual(['aiops-pipeline/ReplicaDatabase/Cluster/Resource AwsSolutions-RDS10']);
    expect(acknowledgements(built.app).map((a) => a.id)).not.toContain('AwsSolutions-RDS10');
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // Prepare
    const { app, data } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [] },
      cloudFormationValidation: false,
    });
    new dynamodb.CfnTable(data, 'Unprotected', {
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    });

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow(/AwsSolutions-DDB3/);
  });
});
