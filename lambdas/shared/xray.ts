import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/** The Powertools Tracer (X-Ray), loaded only when tracing is on: see tracing.ts. */
export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});

/** The middy middleware that opens a subsegment per invocation. */
export const tracingMiddleware = () => captureLambdaHandler(tracer, { captureResponse: false });
