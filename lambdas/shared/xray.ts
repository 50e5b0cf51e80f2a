import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Tracing } from './tracing.ts';

/** Tracing through the Powertools Tracer (X-Ray), loaded only when tracing is on: see tracing.ts. */
export function xrayTracing(serviceName: string): Tracing {
  const tracer = new Tracer({ serviceName });
  return {
    middleware: [captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj],
    traceClient: (client) => tracer.captureAWSv3Client(client),
  };
}
