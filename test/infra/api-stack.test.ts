import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '#adapters/dynamodb-tables';
import { API_FUNCTIONS, DEFAULT_ROUTE_FUNCTION, ROUTES, routeKey } from '#contract/routes';
import { type AiopsApp, buildApp } from '#lib/app';
import { actionsOf, DYNAMODB_WRITE, json, logicalId, statementsOf } from './support.ts';

/** The route's target function, following route → integration → function. */
function targetOf(template: Template, key: string): string {
  const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find(
    (r) => r.Properties.RouteKey === key,
  );
  const integrationId = route?.Properties.Target['Fn::Join'][1][1].Ref as string;
  const integration = template.findResources('AWS::ApiGatewayV2::Integration')[integrationId];
  return integration?.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
}

describe('ApiStack', () => {
  let built: AiopsApp;
  let template: Template;
  beforeAll(() => {
    // Bundling is skipped here (nag.test.ts bundles every handler for real and
    // powertools-function.test.ts runs a bundle): these tests read only the templates.
    built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, cloudFormationValidation: false });
    template = Template.fromStack(built.api);
  });
  const fnId = (name: keyof AiopsApp['api']['functions']) => logicalId(built.api.functions[name].function);
  const roleId = (name: keyof AiopsApp['api']['functions']) => logicalId(built.api.functions[name].role);

  it('creates one function per API function plus the authorizer, all ESM-ready Node on ARM with X-Ray', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', API_FUNCTIONS.length + 1);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          TABLE_PREFIX: 'aiops',
          RETENTION_DAYS: '90',
          HEARTBEAT_RETENTION_DAYS: '7',
          APPLIANCE_OFFLINE_AFTER_SECONDS: '300',
          AUTH_CACHE_TTL_SECONDS: '60',
          LABEL_VALUES_PER_TENANT: '100',
          POWERTOOLS_METRICS_NAMESPACE: 'AiopsObservability',
          REDACTION_RULES: Match.absent(),
        }),
      },
    });
  });

  it.each(ROUTES.map((r) => [routeKey(r), r] as const))(
    '%s: routed to its function, authorizer iff scoped',
    (key, r) => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: key,
        AuthorizationType: r.scope ? 'CUSTOM' : 'NONE',
        AuthorizerId: r.scope ? { Ref: Match.stringLikeRegexp('Authorizer') } : Match.absent(),
      });
      expect(targetOf(template, key)).toBe(fnId(r.fn));
    },
  );

  it('sends $default (unknown paths, wrong methods) to the public function without an authorizer', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length + 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
    expect(targetOf(template, '$default')).toBe(fnId(DEFAULT_ROUTE_FUNCTION));
  });

  it('authorizes with the authorizer function: simple responses, Authorization header, cached', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [fnId('authorizer'), 'Arn'] }])] },
    });
  });

  it('throttles and writes JSON access logs on the auto-deployed $default stage', () => {
    // Prepare
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];

    // Act
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string) as Record<string, string>;

    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(built.api.api.accessLogs), 'Arn'] } },
    });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      authorizerError: '$context.authorizer.error',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('outputs the API URL', () => {
    // Assess
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });

  describe('IAM, least privilege', () => {
    it('lets the authorizer read the keys table only, with no write action', () => {
      // Act
      const data = statementsOf(template, roleId('authorizer')).filter((s) =>
        json(s.Action).includes('dynamodb'),
      );

      // Assess
      expect(actionsOf(data)).toEqual(['dynamodb:GetItem']);
      expect(actionsOf(data).filter((a) => DYNAMODB_WRITE.test(a))).toEqual([]);
      expect(json(data.map((s) => s.Resource))).toMatch(/Keys/);
      expect(json(data.map((s) => s.Resource))).not.toMatch(/Decisions|Appliances/);
    });

    it('gives the reads function no write action, and names each index it queries', () => {
      // Act
      const statements = statementsOf(template, roleId('reads'));
      const actions = actionsOf(statements);

      // Assess
      expect(actions.filter((a) => DYNAMODB_WRITE.test(a))).toEqual([]);
      expect(actions).toContain('dynamodb:Query');
      expect(json(statements)).toContain('/index/byAppliance');
      expect(json(statements)).not.toContain('index/*');
    });

    it.each(['ingest-decisions', 'ingest-execution', 'ingest-feedback'] as const)(
      '%s writes the decisions table only, never deletes',
      (name) => {
        // Act
        const data = statementsOf(template, roleId(name)).filter((s) => json(s.Action).includes('dynamodb'));

        // Assess
        expect(actionsOf(data)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
        expect(actionsOf(data).some((a) => /Delete|\*/.test(a))).toBe(false);
        expect(json(data.map((s) => s.Resource))).toMatch(/Decisions/);
        expect(json(data.map((s) => s.Resource))).not.toMatch(/Appliances|Keys/);
      },
    );

    it('lets the heartbeat function write the appliances table, and admit service names in the metrics table only', () => {
      // Act
      const data = statementsOf(template, roleId('ingest-heartbeats')).filter((s) =>
        json(s.Action).includes('dynamodb'),
      );
      const metrics = data.filter((s) => json(s.Resource).includes('Metrics'));

      // Assess
      expect(json(data.map((s) => s.Resource))).toMatch(/Appliances/);
      expect(json(data.map((s) => s.Resource))).not.toMatch(/Decisions|Keys/);
      expect(actionsOf(metrics)).toEqual(
        expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
      expect(actionsOf(data).some((a) => /Delete|Scan|\*/.test(a))).toBe(false);
    });

    it('lets the public function describe every table (the health check) and nothing else', () => {
      // Act
      const data = statementsOf(template, roleId('public')).filter((s) =>
        json(s.Action).includes('dynamodb'),
      );

      // Assess
      expect([...new Set(actionsOf(data))]).toEqual(['dynamodb:DescribeTable']);
      expect(data).toHaveLength(TABLES.length);
    });

    it('grants nothing on a wildcard resource except X-Ray', () => {
      // Act
      const policies = Object.values(template.findResources('AWS::IAM::Policy'));
      const wildcard = policies
        .flatMap(
          (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
        )
        .filter((s) => json(s.Resource).includes('*'));

      // Assess
      expect(actionsOf(wildcard as never).every((a) => a.startsWith('xray:'))).toBe(true);
    });
  });
});

describe('ApiStack with custom settings', () => {
  it('passes throttling, cache TTL and redaction rules from context', () => {
    // Prepare
    const context = {
      'aws:cdk:bundling-stacks': [],
      prefix: 'staging',
      throttle: { rateLimit: 10, burstLimit: 20 },
      authCacheTtlSeconds: '0',
      redactionRules: '[{"name":"ticket","pattern":"TICKET-\\\\d+"}]',
      logRetentionDays: 90,
    };

    // Act
    const { api } = buildApp({ context, cloudFormationValidation: false });
    const template = Template.fromStack(api);

    // Assess
    expect(api.stackName).toBe('staging-api');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ TABLE_PREFIX: 'staging', REDACTION_RULES: context.redactionRules }),
      },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});
