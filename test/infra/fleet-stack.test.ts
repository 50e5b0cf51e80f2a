import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { mqttHeartbeatMessageSchema } from '#domain/mqtt-heartbeat';
import { type AiopsApp, buildApp } from '#lib/app';
import { HEARTBEAT_RULE_SQL, PRESENCE_TOPICS } from '#lib/stacks/fleet-stack';
import { actionsOf, DYNAMODB_WRITE, json, logicalId, statementsOf } from './support.ts';

describe('FleetStack', () => {
  let built: AiopsApp;
  let template: Template;
  beforeAll(() => {
    built = buildApp({
      context: { 'aws:cdk:bundling-stacks': [] },
      cloudFormationValidation: false,
      nag: false,
    });
    template = Template.fromStack(built.fleet);
  });
  const fnId = (name: 'iot-heartbeat' | 'iot-presence') => logicalId(built.fleet.functions[name].function);
  const roleId = (name: 'iot-heartbeat' | 'iot-presence') => logicalId(built.fleet.functions[name].role);
  const queueId = () => logicalId(built.fleet.deadLetterQueue);

  it('lets an appliance connect only as its own attached thing and publish only its own heartbeats', () => {
    // Act
    const [policy] = Object.values(template.findResources('AWS::IoT::Policy'));
    const document = policy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };

    // Assess
    expect(policy?.Properties.PolicyName).toBe('aiops-appliance');
    expect(document.Statement.map((s) => [s.Effect, s.Action])).toEqual([
      ['Allow', 'iot:Connect'],
      ['Allow', 'iot:Publish'],
    ]);
    const [connect, publish] = document.Statement as [Record<string, unknown>, Record<string, unknown>];
    expect(json(connect.Resource)).toMatch(/:client\/\$\{iot:Connection\.Thing\.ThingName\}"/);
    expect(connect.Condition).toEqual({ Bool: { 'iot:Connection.Thing.IsAttached': 'true' } });
    expect(json(publish.Resource)).toMatch(
      /:topic\/aiops\/appliances\/\$\{iot:Connection\.Thing\.ThingName\}\/heartbeat"/,
    );
    expect(json(document)).not.toMatch(/iot:\*|iot:Subscribe|iot:Receive|"\*"/);
  });

  it('routes heartbeats and lifecycle events to their functions, with failures to the encrypted dead-letter queue', () => {
    // Prepare
    const rules = Object.values(template.findResources('AWS::IoT::TopicRule')).map(
      // biome-ignore lint/suspicious/noExplicitAny: synthesised CloudFormation, read as JSON
      (r) => r.Properties as { RuleName: string; TopicRulePayload: Record<string, any> },
    );
    const target = (sql: string) =>
      rules.find((r) => r.TopicRulePayload.Sql === sql)?.TopicRulePayload.Actions[0].Lambda.FunctionArn[
        'Fn::GetAtt'
      ][0];

    // Assess
    expect(rules.map((r) => r.RuleName).sort()).toEqual([
      'aiops_heartbeats',
      'aiops_presence_connected',
      'aiops_presence_disconnected',
    ]);
    expect(target(HEARTBEAT_RULE_SQL)).toBe(fnId('iot-heartbeat'));
    expect(target(`SELECT * FROM '${PRESENCE_TOPICS.connected}'`)).toBe(fnId('iot-presence'));
    expect(target(`SELECT * FROM '${PRESENCE_TOPICS.disconnected}'`)).toBe(fnId('iot-presence'));
    for (const r of rules) {
      expect(r.TopicRulePayload.AwsIotSqlVersion).toBe('2016-03-23');
      expect(r.TopicRulePayload.ErrorAction.Sqs.QueueUrl).toEqual({ Ref: queueId() });
    }
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only IoT Core, from these rules, invoke the functions; failed invocations go to the queue after two retries', () => {
    // Assess
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(3);
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({
        Principal: 'iot.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(p.Properties.SourceArn['Fn::GetAtt'][1]).toBe('Arn');
    }
    for (const name of ['iot-heartbeat', 'iot-presence'] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(name) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId(), 'Arn'] } } },
      });
    }
  });

  it("passes the heartbeat function every field its message schema reads, the sending certificate's principal() among them", () => {
    // Prepare
    const [rule] = Object.values(template.findResources('AWS::IoT::TopicRule')).filter(
      (r) => r.Properties.RuleName === 'aiops_heartbeats',
    );
    const sql = rule?.Properties.TopicRulePayload.Sql as string;

    // Act
    const selected = [...sql.matchAll(/\bAS (\w+)/g)].map((m) => m[1]).sort();

    // Assess
    expect(selected).toEqual(Object.keys(mqttHeartbeatMessageSchema.shape).sort());
    expect(sql).toContain('principal() AS principal');
  });

  it('grants each function conditional writes on the appliances table and DescribeThing, the heartbeats also the label bound in the metrics table, nothing else', () => {
    for (const name of ['iot-heartbeat', 'iot-presence'] as const) {
      // Act
      const statements = statementsOf(template, roleId(name));
      const data = statements.filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('dynamodb:') || a.startsWith('iot:')),
      );
      const metrics = data.filter((s) => /metrics/i.test(json(s.Resource)));

      // Assess
      expect([...new Set(actionsOf(data))].sort()).toEqual(
        [
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          ...(name === 'iot-heartbeat' ? ['dynamodb:Query'] : []),
          'iot:DescribeThing',
        ].sort(),
      );
      const written = data.filter((s) => actionsOf([s]).some((a) => DYNAMODB_WRITE.test(a)));
      expect(json(written.map((s) => s.Resource))).toMatch(/aiops-appliances|Appliances/);
      expect(json(written.map((s) => s.Resource))).not.toMatch(/decisions|keys/i);
      expect(metrics.length > 0).toBe(name === 'iot-heartbeat');
      const describe = data.find((s) => actionsOf([s]).includes('iot:DescribeThing'));
      expect(json(describe?.Resource)).toMatch(/:thing\/\*"/);
    }
  });
});
