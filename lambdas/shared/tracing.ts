import type { MiddlewareObj } from '@middy/core';

/**
 * Tracing, in this one module so it can move from X-Ray to OpenTelemetry without touching
 * handlers. With POWERTOOLS_TRACE_ENABLED=false (a deployment with `tracing: false`) the
 * X-Ray SDK is never evaluated: it costs about 20 ms of every cold start.
 */
const xray = process.env.POWERTOOLS_TRACE_ENABLED === 'false' ? undefined : await import('./xray.ts');

/** Traces an AWS SDK v3 client's calls as subsegments (unchanged when tracing is off). */
export function traceClient<T>(client: T): T {
  return xray ? xray.tracer.captureAWSv3Client(client) : client;
}

/** The per-invocation tracing middleware, or none when tracing is off. */
export function tracingMiddleware(): MiddlewareObj[] {
  return xray ? [xray.tracingMiddleware() as MiddlewareObj] : [];
}
