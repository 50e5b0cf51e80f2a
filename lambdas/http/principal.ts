import type { Scope } from '#contract/routes';
import { SCOPES } from '#contract/routes';
import type { KeyVerdict } from '#domain/authenticate';
import { HttpProblem } from './problem.ts';

/** Who is calling: the tenant and scopes of a valid key. */
export interface Principal {
  readonly keyId: string;
  readonly customerId: string;
  readonly scopes: readonly Scope[];
}

/**
 * What the authorizer passes to handlers (API Gateway simple-response context: strings).
 * The authorizer authenticates; handlers answer 401/403 in problem+json, so a bad key
 * and a missing scope read the same as every other error.
 */
export interface AuthorizerContext {
  readonly authenticated: 'true' | 'false';
  readonly keyId?: string;
  readonly customerId?: string;
  /** Space-separated scopes. */
  readonly scopes?: string;
  /** Why authentication failed: missing, malformed, unknown, revoked. */
  readonly reason?: string;
}

/**
 * The authorizer context of a verdict (API Gateway passes strings only).
 * @example return { isAuthorized: true, context: authorizerContext(verdict) };
 */
export function authorizerContext(verdict: KeyVerdict): AuthorizerContext {
  if (!verdict.authenticated) return { authenticated: 'false', reason: verdict.reason };
  return {
    authenticated: 'true',
    keyId: verdict.keyId,
    customerId: verdict.customerId,
    scopes: verdict.scopes.join(' '),
  };
}

const WWW_AUTH = { 'www-authenticate': 'Bearer realm="aiops-observability"' };

/** The principal of a request, or a 401/403 problem. */
export function requirePrincipal(ctx: AuthorizerContext | undefined, scope: Scope): Principal {
  if (ctx?.authenticated !== 'true' || !ctx.customerId || !ctx.keyId) {
    const reason = ctx?.reason ?? 'missing';
    throw new HttpProblem(401, 'unauthorized', `a valid API key is required (${reason})`, [], WWW_AUTH);
  }
  const scopes = (ctx.scopes ?? '')
    .split(' ')
    .filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
  if (!scopes.includes(scope)) {
    throw new HttpProblem(403, 'insufficient_scope', `this key lacks the scope ${scope}`, [], {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
    });
  }
  return { keyId: ctx.keyId, customerId: ctx.customerId, scopes };
}
