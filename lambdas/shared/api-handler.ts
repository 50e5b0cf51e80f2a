import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Scope } from '#contract/routes';
import { problem } from './http-response.ts';
import { logger, metrics } from './powertools.ts';
import { type AuthorizerContext, type Principal, requirePrincipal } from './principal.ts';
import { asHttpProblem, HttpProblem } from './problem.ts';
import { tracingMiddleware } from './tracing.ts';

export type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** What a route function receives. */
export interface ApiRequest {
  readonly event: ApiEvent;
  readonly requestId: string;
  /** Set when the route requires a scope. */
  readonly principal: Principal;
}

/**
 * Wraps a route function into a Lambda handler: Powertools context (request id as the
 * correlation id), metrics flushing and tracing, the scope check, and errors mapped to
 * problem+json (an unexpected error is logged and answered 500, never leaked).
 * @example export const handler = apiHandler('read', async ({ principal }) => json(200, { hi: principal.customerId }));
 */
export function apiHandler(scope: Scope | undefined, fn: (req: ApiRequest) => Promise<ApiResult>) {
  const base = async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
    const requestId = event.requestContext.requestId;
    logger.setCorrelationId(requestId);
    try {
      const principal = scope
        ? requirePrincipal(event.requestContext.authorizer?.lambda, scope)
        : ({ keyId: '', customerId: '', scopes: [] } as Principal);
      if (scope) logger.appendKeys({ customerId: principal.customerId, keyId: principal.keyId });
      const result = await fn({ event, requestId, principal });
      logger.info('request handled', { routeKey: event.routeKey, status: result.statusCode });
      return result;
    } catch (e) {
      const refused = asHttpProblem(e);
      if (refused) {
        logger.info('request refused', { status: refused.status, code: refused.code });
        return problem(refused, event.rawPath, requestId);
      }
      logger.error('request failed', e as Error);
      return problem(
        new HttpProblem(500, 'internal_error', 'an internal error occurred'),
        event.rawPath,
        requestId,
      );
    }
  };
  return middy(base)
    .use(tracingMiddleware())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
