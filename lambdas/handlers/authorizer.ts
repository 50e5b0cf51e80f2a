import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { stores } from '#adapters/stores';
import { authenticate, type KeyVerdict } from '#domain/authenticate';
import { runtimeEnv } from '#shared/env';
import { logger } from '#shared/powertools';
import { type AuthorizerContext, authorizerContext } from '#shared/principal';
import { TtlCache } from '#shared/ttl-cache';

const cache = new TtlCache<KeyVerdict>(runtimeEnv().AUTH_CACHE_TTL_SECONDS * 1000);

/**
 * HTTP API Lambda authorizer (simple responses). It resolves the key to a tenant and
 * scopes; a bad key is passed on as `authenticated: false` so the route answers a
 * problem+json 401 rather than API Gateway's bare 403.
 */
export const handler = middy(
  async (
    event: APIGatewayRequestAuthorizerEventV2,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
    const verdict = await authenticate(event.headers?.authorization, stores().keys, cache);
    if (verdict.authenticated) logger.appendKeys({ keyId: verdict.keyId, customerId: verdict.customerId });
    else logger.info('key refused', { reason: verdict.reason });
    return { isAuthorized: true, context: authorizerContext(verdict) };
  },
).use(injectLambdaContext(logger, { resetKeys: true }));
