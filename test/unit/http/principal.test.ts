import { describe, expect, it } from 'vitest';
import { authorizerContext, requirePrincipal } from '#http/principal';
import { asHttpProblem } from '#http/problem';

describe('authorizerContext: a key verdict as API Gateway passes it on (strings)', () => {
  it('carries tenant and space-separated scopes, which requirePrincipal reads back', () => {
    // Act
    const context = authorizerContext({
      authenticated: true,
      keyId: 'k1',
      customerId: 'acme',
      scopes: ['read', 'decisions:write'],
    });

    // Assess
    expect(context).toEqual({
      authenticated: 'true',
      keyId: 'k1',
      customerId: 'acme',
      scopes: 'read decisions:write',
    });
    expect(requirePrincipal(context, 'read')).toEqual({
      keyId: 'k1',
      customerId: 'acme',
      scopes: ['read', 'decisions:write'],
    });
  });

  it('carries the reason of a refusal into the 401 detail', () => {
    // Act
    const context = authorizerContext({ authenticated: false, reason: 'revoked' });
    const thrown = (() => {
      try {
        requirePrincipal(context, 'read');
      } catch (e) {
        return asHttpProblem(e);
      }
    })();

    // Assess
    expect(context).toEqual({ authenticated: 'false', reason: 'revoked' });
    expect(thrown?.status).toBe(401);
    expect(thrown?.detail).toBe('a valid API key is required (revoked)');
  });
});
