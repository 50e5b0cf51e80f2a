import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Logger, Metrics and Tracer, built once and imported everywhere. Service name, level and
 * namespace come from the POWERTOOLS_* environment the stacks (and the local stack) set.
 * Tracing lives here only, so moving from X-Ray to OpenTelemetry touches one module.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AiopsObservability',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});

export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});
