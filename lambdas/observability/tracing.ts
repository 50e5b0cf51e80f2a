import type { MiddlewareObj } from '@middy/core';

/**
 * Tracing, in this one module so handlers never name its implementation: X-Ray segments sent
 * to the daemon directly (xray.ts; docs/tracing.md says why not the X-Ray SDK or OpenTelemetry).
 */
export interface Tracing {
  /** The per-invocation middleware (none when tracing is off). */
  readonly middleware: readonly MiddlewareObj[];
  /** Traces an AWS SDK v3 client's calls as subsegments; returns the same client. */
  traceClient<T>(client: T): T;
}

const UNTRACED: Tracing = { middleware: [], traceClient: (client) => client };

/**
 * Tracing for one function. With `enabled: false` (a deployment with `tracing: false`, the
 * local stack, tests) the implementation is never loaded.
 * @example const tracing = await createTracing({ enabled: true, serviceName: 'reads' });
 */
export async function createTracing(settings: {
  readonly enabled: boolean;
  readonly serviceName: string;
}): Promise<Tracing> {
  if (!settings.enabled) return UNTRACED;
  const { createXRayTracing } = await import('./xray.ts');
  return createXRayTracing({ serviceName: settings.serviceName });
}
