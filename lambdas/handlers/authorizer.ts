import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { authenticate, type KeyVerdict } from '#domain/authenticate';
import { type AuthorizerContext, authorizerContext } from '#http/principal';
import { TtlCache } from '#primitives/ttl-cache';
import { lambdaHandler } from '#runtime/lambda-handler';
import type { Runtime } from '#runtime/runtime';

/**
 * HTTP API Lambda authorizer (simple responses). It resolves the key to a tenant and
 * scopes; a bad key is passed on as `authenticated: false` so the route answers a
 * problem+json 401 rather than API Gateway's bare 403. Key lookups are kept in memory for
 * `AUTH_CACHE_TTL_SECONDS`, per handler built.
 */
export function createAuthorizerHandler(runtime: Runtime) {
  const { logger } = runtime.observability;
  const cache = new TtlCache<KeyVerdict>(runtime.settings.AUTH_CACHE_TTL_SECONDS * 1000, undefined, () =>
    runtime.now().getTime(),
  );
  return lambdaHandler(
    runtime.observability,
    async (
      event: APIGatewayRequestAuthorizerEventV2,
    ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
      const verdict = await authenticate(event.headers?.authorization, runtime.stores.keys, cache);
      if (verdict.authenticated) logger.appendKeys({ keyId: verdict.keyId, customerId: verdict.customerId });
      else logger.info('key refused', { reason: verdict.reason });
      return { isAuthorized: true, context: authorizerContext(verdict) };
    },
    { tracing: false, metrics: false },
  );
}
