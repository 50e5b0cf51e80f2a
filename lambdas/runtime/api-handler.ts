import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Scope } from '#contract/routes';
import { problem } from '#http/http-response';
import { type AuthorizerContext, type Principal, requirePrincipal } from '#http/principal';
import { asHttpProblem, HttpProblem } from '#http/problem';
import { apiInvocation } from './api-invocation.ts';
import type { Observability } from './observability.ts';

export type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** What a route function receives. */
export interface ApiRequest {
  readonly event: ApiEvent;
  readonly requestId: string;
  /** Set when the route requires a scope. */
  readonly principal: Principal;
}

/** A route function: the request in, the answer out; an `HttpProblem` thrown is the answer. */
export type RouteFunction = (req: ApiRequest) => Promise<ApiResult>;

/**
 * Wraps a route function into a Lambda handler: the Powertools calls of {@link apiInvocation}
 * (request id as the correlation id, metrics flushed with the cold-start count, tracing), the scope check, and
 * errors mapped to problem+json (an unexpected error is logged and answered 500, never leaked).
 * @example export const handler = apiHandler(runtime.observability, 'read', async ({ principal }) => json(200, { hi: principal.customerId }));
 */
export function apiHandler(observability: Observability, scope: Scope | undefined, fn: RouteFunction) {
  const { logger } = observability;
  const base = async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
    const requestId = event.requestContext.requestId;
    logger.setCorrelationId(requestId);
    try {
      const principal = scope
        ? requirePrincipal(event.requestContext.authorizer?.lambda, scope)
        : ({ keyId: '', customerId: '', scopes: [] } as Principal);
      if (scope) logger.appendKeys({ customerId: principal.customerId, keyId: principal.keyId });
      const result = await fn({ event, requestId, principal });
      // The access log already holds route, status and latency of every request: at INFO a
      // second line per request would only double the log bill (docs/costs.md).
      logger.debug('request handled', { routeKey: event.routeKey, status: result.statusCode });
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
  return apiInvocation(observability, base);
}
