import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { alarmSeverity } from '#domain/alarm-naming';
import { DEFAULT_ALERT_ROUTES, routedSeverities } from '#domain/alerts/routing';
import { type AiopsApp, buildApp } from '#lib/app';
import { json, logicalId, type Statement } from './support.ts';

const build = (context: Record<string, unknown> = {}) =>
  buildApp({
    context: { 'aws:cdk:bundling-stacks': ['aiops-alerting'], ...context },
    nag: false,
    cloudFormationValidation: false,
  });

describe('AlertingStack', () => {
  let built: AiopsApp;
  let template: Template;
  beforeAll(() => {
    built = build();
    template = Template.fromStack(built.alerting);
  });
  const resources = (type: string) => Object.entries(template.findResources(type));
  const dataStatements = (receiver: 'pagerduty' | 'slack' | 'email'): Statement[] => {
    const policy = built.alerting.routes[receiver]?.fn.node.findChild('DataPolicy');
    return template.toJSON().Resources[logicalId(policy as never)].Properties.PolicyDocument
      .Statement as Statement[];
  };

  it('routes each severity of the routing table to its receiver by one rule on the alerts bus, into a queue', () => {
    // Act
    const rules = resources('AWS::Events::Rule')
      .filter(([, r]) => r.Properties.EventBusName !== undefined)
      .map(([, r]) => ({
        severities: r.Properties.EventPattern.detail.severity,
        source: r.Properties.EventPattern.source,
        target: r.Properties.Targets[0],
      }));

    // Assess
    const expected = routedSeverities(DEFAULT_ALERT_ROUTES);
    expect(rules.map((r) => r.severities).sort()).toEqual(Object.values(expected).sort());
    for (const [receiver, route] of Object.entries(built.alerting.routes)) {
      const rule = rules.find((r) => json(r.target.Arn).includes(logicalId(route.queue)));
      expect(rule?.severities).toEqual(expected[receiver as keyof typeof expected]);
      expect(rule?.source).toEqual(['aiops.alerts']);
      expect(json(rule?.target.DeadLetterConfig)).toContain(logicalId(route.deadLetters.queue));
    }
  });

  it('delivers from each queue with bounded concurrency, batch item failures and a dead-letter queue after 5 receives', () => {
    // Act
    const mappings = resources('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);

    // Assess
    expect(mappings).toHaveLength(3);
    for (const m of mappings) {
      expect(m.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
      expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
    for (const route of Object.values(built.alerting.routes)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(route.deadLetters.queue), 'Arn'] },
          maxReceiveCount: 5,
        },
        VisibilityTimeout: 180,
      });
    }
  });

  it('keeps the PagerDuty and Slack credentials in Secrets Manager: names in the environment, placeholders in the secrets', () => {
    // Act
    const text = json(template.toJSON());
    const env = (receiver: 'pagerduty' | 'slack' | 'email') =>
      template.toJSON().Resources[logicalId(built.alerting.routes[receiver]?.fn.function as never)].Properties
        .Environment.Variables as Record<string, unknown>;

    // Assess
    expect(json(env('pagerduty').PAGERDUTY_ROUTING_KEY_SECRET)).toContain(
      logicalId(built.alerting.secrets.pagerduty as never),
    );
    expect(json(env('slack').SLACK_WEBHOOK_SECRET)).toContain(
      logicalId(built.alerting.secrets.slack as never),
    );
    expect(env('pagerduty').ALERT_RECEIVER).toBe('pagerduty');
    expect(env('pagerduty').PAGERDUTY_EVENTS_URL).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(text).not.toMatch(/hooks\.slack\.com|SLACK_WEBHOOK_URL|PAGERDUTY_ROUTING_KEY"/);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'aiops/alerting/pagerduty-routing-key',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'unused' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'aiops/alerting/slack-webhook-url',
    });
  });

  it('lets each delivery function touch only the groups table, its own secret or the e-mail topic', () => {
    // Act
    const table = logicalId(built.alerting.groups);
    const shape = (receiver: 'pagerduty' | 'slack' | 'email') =>
      dataStatements(receiver).map((s) => `${[s.Action].flat().join(',')} ${json(s.Resource)}`);

    // Assess
    expect(shape('pagerduty')).toEqual([
      `dynamodb:GetItem,dynamodb:UpdateItem {"Fn::GetAtt":["${table}","Arn"]}`,
      `secretsmanager:GetSecretValue {"Ref":"${logicalId(built.alerting.secrets.pagerduty as never)}"}`,
    ]);
    expect(shape('slack')[1]).toBe(
      `secretsmanager:GetSecretValue {"Ref":"${logicalId(built.alerting.secrets.slack as never)}"}`,
    );
    expect(shape('email')[1]).toBe(`sns:Publish {"Ref":"${logicalId(built.alerting.emailTopic as never)}"}`);
  });

  it('normalises AMP alert manager notifications and this app’s alarm state changes, with dead letters on every path', () => {
    // Prepare
    const fn = logicalId(built.alerting.normaliser.fn.function);

    // Act
    const subscriptions = resources('AWS::SNS::Subscription').map(([, s]) => s.Properties);
    const alarmRule = template.toJSON().Resources[logicalId(built.alerting.normaliser.alarmRule)].Properties;

    // Assess
    expect(subscriptions).toHaveLength(3);
    for (const s of subscriptions) {
      expect(s.Protocol).toBe('lambda');
      expect(json(s.RedrivePolicy)).toContain('deadLetterTargetArn');
    }
    expect(alarmRule.EventBusName).toBeUndefined();
    expect(alarmRule.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: {
        alarmName: [{ prefix: 'aiops-' }],
        configuration: { description: [{ suffix: ' (deployment aiops)' }] },
        state: { value: ['ALARM', 'OK'] },
      },
    });
    expect(alarmRule.Targets[0].DeadLetterConfig).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const normaliserData =
      template.toJSON().Resources[
        logicalId(built.alerting.normaliser.fn.node.findChild('DataPolicy') as never)
      ];
    expect(normaliserData.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'putAlertEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [logicalId(built.alerting.bus), 'Arn'] },
      },
    ]);
  });

  it('alarms on every dead-letter queue, named by the alarm convention so the fan-out routes them too', () => {
    // Act
    const alarms = resources('AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => String(a.AlarmName).includes('dead-letters'));

    // Assess
    expect(alarms).toHaveLength(built.alerting.deadLetters.length);
    expect(built.alerting.deadLetters).toHaveLength(6);
    for (const a of alarms) {
      expect(a.AlarmName).toMatch(/^aiops-alerting-.+-dead-letters-warning$/);
      expect(alarmSeverity({ name: a.AlarmName, description: a.AlarmDescription })).toBe('warning');
      expect(a.ActionsEnabled).toBe(false);
    }
  });

  it('watches its own functions (errors, throttles) and groups table (throttles), which the observability stack cannot see', () => {
    // Prepare
    const { functions, tables } = built.alerting.alarms.resources;
    const names = resources('AWS::CloudWatch::Alarm').map(([, a]) => String(a.Properties.AlarmName));

    // Assess
    expect(tables).toContain(built.alerting.groups);
    expect(functions).toHaveLength(4);
    for (const fn of ['normaliser', 'pagerduty-route', 'slack-route', 'email-route'])
      for (const kind of ['Fault-Count', 'Throttled-Count'])
        expect(names).toContain(`aiops-fn-${fn}-function-${kind}-warning`);
    for (const kind of ['Read', 'Write'])
      expect(names).toContain(`aiops-table-alert-groups-${kind}-Throttled-Events-warning`);
    for (const fn of functions) expect(built.observability.alarms.resources.functions).not.toContain(fn);
  });

  it("routes every alarm of the app to the normaliser, and none of a deployment whose prefix starts with this one's", () => {
    // Prepare
    const ruleOf = (app: AiopsApp) =>
      Template.fromStack(app.alerting).toJSON().Resources[logicalId(app.alerting.normaliser.alarmRule)]
        .Properties.EventPattern.detail;
    const alarmsOf = (app: AiopsApp) =>
      app.app.node
        .findAll()
        .filter((c) => c instanceof Stack)
        .flatMap((stack) =>
          Object.values(Template.fromStack(stack as Stack).findResources('AWS::CloudWatch::Alarm')),
        )
        .map((a) => ({
          name: String(a.Properties.AlarmName),
          description: String(a.Properties.AlarmDescription),
        }));
    const matches = (rule: ReturnType<typeof ruleOf>, alarm: { name: string; description: string }) =>
      alarm.name.startsWith(rule.alarmName[0].prefix) &&
      alarm.description.endsWith(rule.configuration.description[0].suffix);
    const staging = build({ prefix: 'aiops-staging', 'aws:cdk:bundling-stacks': [] });

    // Act
    const rule = ruleOf(built);
    const own = alarmsOf(built);
    const others = alarmsOf(staging);

    // Assess
    expect(own.length).toBeGreaterThan(60);
    expect(own.filter((a) => !matches(rule, a))).toEqual([]);
    expect(others.length).toBe(own.length);
    expect(others.filter((a) => a.name.startsWith(rule.alarmName[0].prefix))).toHaveLength(others.length);
    expect(others.filter((a) => matches(rule, a))).toEqual([]);
    expect(others.every((a) => matches(ruleOf(staging), a))).toBe(true);
  });

  it('keeps alert groups in a table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'aiops-alert-groups',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('follows a custom routing table: critical to PagerDuty and Slack, no e-mail, existing secrets by name', () => {
    // Act
    const custom = build({
      'aws:cdk:bundling-stacks': [],
      alerting: JSON.stringify({
        routes: { critical: ['pagerduty', 'slack'], warning: ['slack'], info: [] },
        groupBy: ['alertname', 'customer_id'],
        slackSecret: 'ops/slack-webhook',
      }),
    });
    const t = Template.fromStack(custom.alerting);

    // Assess
    expect(Object.keys(custom.alerting.routes).sort()).toEqual(['pagerduty', 'slack']);
    expect(custom.alerting.emailTopic).toBeUndefined();
    const slackRule = Object.values(t.findResources('AWS::Events::Rule')).find((r) =>
      json(r.Properties.Targets).includes(logicalId(custom.alerting.routes.slack?.queue as never)),
    );
    expect(slackRule?.Properties.EventPattern.detail.severity).toEqual(['critical', 'warning']);
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SLACK_WEBHOOK_SECRET: 'ops/slack-webhook' }) },
    });
    expect(json(t.toJSON())).toContain(':secret:ops/slack-webhook-??????');
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ ALERT_GROUP_BY: 'alertname,customer_id', ALERT_RECEIVER: 'slack' }),
      },
    });
  });

  it('stays cdk-nag clean with a secret referenced by name (its ARN ends in a wildcard)', () => {
    // Prepare
    const custom = buildApp({
      context: {
        'aws:cdk:bundling-stacks': [],
        alerting: JSON.stringify({ pagerDutySecret: 'ops/pagerduty' }),
      },
      cloudFormationValidation: false,
    });

    // Act
    const synth = () => custom.app.synth();

    // Assess
    expect(synth).not.toThrow();
  });
});
