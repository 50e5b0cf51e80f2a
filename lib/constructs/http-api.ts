import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ApiFunction, DEFAULT_ROUTE_FUNCTION, ROUTES, routeKey } from '#contract/routes';
import { ACCESS_LOG_FIELDS } from '#domain/metrics/access-log-format';

/**
 * Routes without an authorizer, each with the reason it is public (the cdk-nag APIG4
 * acknowledgement). A route without a scope that is missing here fails the synth.
 */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  'GET /health':
    'Uptime probes and load balancers call the health check without credentials; it returns only table status, no tenant data.',
  'GET /openapi.json':
    'The published API contract, fetched by agents in any language before they hold a key; it holds no tenant data.',
  $default:
    'Answers unknown paths (404) and wrong methods (405) in problem+json without touching data; an authorizer would turn them into 401s.',
};

/** Properties of an {@link HttpApiWithRoutes}. */
export interface HttpApiWithRoutesProps {
  /** API and authorizer names start with it. */
  readonly prefix: string;
  /** The function behind each route name of `ROUTES` (and `$default`). */
  readonly functions: Readonly<Record<ApiFunction, IFunction>>;
  /** The Lambda authorizer of every route that has a scope. */
  readonly authorizer: IFunction;
  /** Seconds API Gateway caches an authorizer answer per key (0 disables). @default 300 */
  readonly authCacheTtlSeconds?: number;
  /** Default route throttling of the stage. @default { rateLimit: 100, burstLimit: 200 } */
  readonly throttle?: apigw.ThrottleSettings;
  /** Retention of the access logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the access log group on stack deletion. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An HTTP API built from the shared route table: each route to its function, the Lambda
 * authorizer exactly on routes with a scope, `$default` for unknown paths and wrong methods,
 * and an auto-deployed `$default` stage with throttling, detailed metrics and JSON access logs.
 */
export class HttpApiWithRoutes extends Construct {
  /** The HTTP API. */
  public readonly httpApi: apigw.HttpApi;
  /** The `$default` stage. */
  public readonly stage: apigw.HttpStage;
  /** Routes by route key (`POST /v1/decisions`, ..., `$default`). */
  public readonly routes: Readonly<Record<string, apigw.HttpRoute>>;
  /** Where the stage writes its access logs. */
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiWithRoutesProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: 'aiops-observability ingest and read API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      detailedMetricsEnabled: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', props.authorizer, {
      authorizerName: `${props.prefix}-api-key`,
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      // The authorizer only authenticates (isAuthorized is always true, the verdict travels in
      // the context) and handlers check scopes, so one cached answer per key serves every route.
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(props.authCacheTtlSeconds ?? 300),
    });
    const integrations = new Map<ApiFunction, HttpLambdaIntegration>();
    const integration = (fn: ApiFunction): HttpLambdaIntegration => {
      const existing = integrations.get(fn);
      if (existing) return existing;
      const created = new HttpLambdaIntegration(`${fn}-integration`, props.functions[fn]);
      integrations.set(fn, created);
      return created;
    };
    const routes: Record<string, apigw.HttpRoute> = {};
    for (const r of ROUTES) {
      routes[routeKey(r)] = new apigw.HttpRoute(
        this,
        `Route ${r.method} ${r.path.slice(1).replaceAll('/', '.')}`,
        {
          httpApi: this.httpApi,
          routeKey: apigw.HttpRouteKey.with(r.path, apigw.HttpMethod[r.method]),
          integration: integration(r.fn),
          authorizer: r.scope ? authorizer : undefined,
        },
      );
    }
    routes.$default = new apigw.HttpRoute(this, 'Route $default', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: integration(DEFAULT_ROUTE_FUNCTION),
    });
    this.routes = routes;
    for (const [key, route] of Object.entries(routes)) {
      if (ROUTES.find((r) => routeKey(r) === key)?.scope) continue;
      const reason = PUBLIC_ROUTES[key];
      if (!reason) throw new Error(`route ${key} has no scope: add it to PUBLIC_ROUTES with the reason`);
      Validations.of(route.node.defaultChild ?? route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }
  }
}
