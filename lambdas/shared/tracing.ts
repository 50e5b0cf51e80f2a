import type { MiddlewareObj } from '@middy/core';

/**
 * Tracing as the runtime uses it, in this one module so the tracer behind it can change
 * without touching handlers or adapters.
 */
export interface Tracing {
  /** The per-invocation middleware (none when tracing is off). */
  readonly middleware: readonly MiddlewareObj[];
  /** Traces an AWS SDK v3 client's calls as subsegments (the client itself when tracing is off). */
  traceClient<T>(client: T): T;
}

/** Tracing that records nothing. */
const OFF: Tracing = { middleware: [], traceClient: (client) => client };

/**
 * The tracing of a function. With `enabled: false` (a deployment with `tracing: false`, the
 * local stack, tests) the X-Ray SDK is never evaluated: it costs about 20 ms of every cold start.
 * @example const tracing = await createTracing({ enabled: true, serviceName: 'aiops-observability' });
 */
export async function createTracing(settings: {
  readonly enabled: boolean;
  readonly serviceName: string;
}): Promise<Tracing> {
  if (!settings.enabled) return OFF;
  const { xrayTracing } = await import('./xray.ts');
  return xrayTracing(settings.serviceName);
}
