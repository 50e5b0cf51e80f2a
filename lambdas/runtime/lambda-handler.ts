import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Observability } from './observability.ts';

/** Which parts of the Powertools chain a function uses. */
export interface LambdaHandlerOptions {
  /** Open a trace segment per invocation. @default true */
  readonly tracing?: boolean;
  /** Flush the invocation's metrics when it ends. @default true */
  readonly metrics?: boolean;
  /** Count cold starts (`ColdStart`), as the API functions do. @default false */
  readonly coldStartMetric?: boolean;
}

/**
 * The Powertools a handler is wrapped with: the logger always; tracing and metrics when the
 * function uses them (a function that only logs leaves them, and their bundles, out).
 */
export type HandlerObservability = Pick<Observability, 'logger'> & Partial<Observability>;

/**
 * Wraps a function into a Lambda handler with the Powertools chain of every function but the
 * API's (which make the same calls without middy, see api-invocation.ts): tracing, the
 * logger's Lambda context (keys reset per invocation) and the metrics flush.
 * @example export const handler = lambdaHandler(runtime.observability, async (event) => ({ ok: true }));
 */
export function lambdaHandler<E, R>(
  observability: HandlerObservability,
  fn: (event: E, context: Context) => Promise<R>,
  options: LambdaHandlerOptions = {},
) {
  const handler = middy(fn);
  if (options.tracing !== false && observability.tracing) handler.use([...observability.tracing.middleware]);
  handler.use(injectLambdaContext(observability.logger, { resetKeys: true }));
  if (options.metrics !== false && observability.metrics)
    handler.use(
      logMetrics(observability.metrics, options.coldStartMetric ? { captureColdStartMetric: true } : {}),
    );
  return handler;
}
