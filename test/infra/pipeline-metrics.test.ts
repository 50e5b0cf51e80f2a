import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AiopsApp, buildApp } from '#lib/app';
import { actionsOf, json, logicalId, type Statement } from './support.ts';

/** The producers of the System Overview's own metrics: API latency, pipeline lag, dead letters. */
describe('PipelineStack: API latency and pipeline health metrics', () => {
  let built: AiopsApp;
  let template: Template;
  beforeAll(() => {
    built = buildApp({
      context: { 'aws:cdk:bundling-stacks': [] },
      nag: false,
      cloudFormationValidation: false,
    });
    template = Template.fromStack(built.pipeline);
  });
  const resources = (type: string) => Object.values(template.findResources(type));
  const dataStatements = (name: 'access-log-metrics' | 'exporter'): Statement[] => {
    const policy = built.pipeline.functions[name].node.findChild('DataPolicy');
    return template.toJSON().Resources[logicalId(policy)].Properties.PolicyDocument.Statement as Statement[];
  };
  const fnId = () => logicalId(built.pipeline.functions['access-log-metrics'].function);
  const accessLogsId = () => logicalId(built.api.api.accessLogs);

  it('subscribes the access-log metrics function to every event of the API access log group', () => {
    // Act
    const filters = resources('AWS::Logs::SubscriptionFilter');

    // Assess
    expect(filters).toHaveLength(1);
    expect(filters[0]?.Properties).toMatchObject({
      DestinationArn: { 'Fn::GetAtt': [fnId(), 'Arn'] },
      FilterPattern: '',
    });
    expect(json(filters[0]?.Properties.LogGroupName)).toContain(accessLogsId());
    expect(json(filters[0]?.Properties.LogGroupName)).toContain('aiops-api');
  });

  it('lets CloudWatch Logs invoke the function for that log group only', () => {
    // Act
    const permissions = resources('AWS::Lambda::Permission').filter(
      (p) => p.Properties.Principal === 'logs.amazonaws.com',
    );

    // Assess
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId(), 'Arn'] },
    });
    expect(json(permissions[0]?.Properties.SourceArn)).toContain(accessLogsId());
  });

  it('retries a failed delivery twice, then sends it to an encrypted on-failure queue', () => {
    // Prepare
    const queue = built.pipeline.accessLogMetrics?.onFailureQueue;

    // Act
    const config = resources('AWS::Lambda::EventInvokeConfig')[0];

    // Assess
    expect(config?.Properties).toMatchObject({
      FunctionName: { Ref: fnId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue as never), 'Arn'] } } },
    });
    expect(template.toJSON().Resources[logicalId(queue as never)].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
    });
  });

  it('lets the access-log metrics function write only the metrics table', () => {
    // Act
    const statements = dataStatements('access-log-metrics');

    // Assess
    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
    );
    expect(actionsOf(statements).some((a) => /Delete|Scan|\*/.test(a))).toBe(false);
    expect(json(statements.map((s) => s.Resource))).toMatch(/Metrics/);
    expect(json(statements.map((s) => s.Resource))).not.toMatch(/Decisions|Appliances|Keys/);
  });

  it('names every on-failure queue for the exporter and lets it read only their attributes', () => {
    // Prepare
    const queues = built.pipeline.deadLetterQueues;
    const ids = Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, logicalId(q as never)]));

    // Act
    const exporter = resources('AWS::Lambda::Function').find(
      (f) => f.Properties.Environment.Variables.DEAD_LETTER_QUEUES !== undefined,
    );
    const env = exporter?.Properties.Environment.Variables.DEAD_LETTER_QUEUES;
    const sqs = dataStatements('exporter').filter((s) => json(s.Action).includes('sqs:'));

    // Assess
    expect(Object.keys(queues).sort()).toEqual([
      'access-log-metrics',
      'aggregator-decisions',
      'aggregator-records',
      'exporter-schedule',
      'replica-appliances',
      'replica-decisions',
      'replica-records',
    ]);
    expect(env).toEqual({
      'Fn::Join': [
        '',
        Object.entries(ids).flatMap(([name, id], i) => [`${i ? ',' : ''}${name}=`, { Ref: id }]),
      ],
    });
    expect(actionsOf(sqs)).toEqual(['sqs:GetQueueAttributes']);
    expect(sqs[0]?.Resource).toEqual(Object.values(ids).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
  });

  it('outputs the same queue list for aiops-obs redrive --queues', () => {
    // Act
    const outputs = template.findOutputs('DeadLetterQueues');
    const exporter = resources('AWS::Lambda::Function').find(
      (f) => f.Properties.Environment.Variables.DEAD_LETTER_QUEUES !== undefined,
    );

    // Assess
    expect(Object.values(outputs).map((o) => o.Value)).toEqual([
      exporter?.Properties.Environment.Variables.DEAD_LETTER_QUEUES,
    ]);
  });
});
