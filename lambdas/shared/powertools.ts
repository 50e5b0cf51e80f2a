import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Logger and Metrics, built once and imported everywhere. Service name, level and
 * namespace come from the POWERTOOLS_* environment the stacks (and the local stack) set.
 * The Tracer lives in tracing.ts.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AiopsObservability',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});
