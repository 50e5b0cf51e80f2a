import { Logger } from '@aws-lambda-powertools/logger';
import { createMetrics } from './metrics-notices.ts';

/**
 * Logger and Metrics, built once and imported everywhere. Service name, level and
 * namespace come from the POWERTOOLS_* environment the stacks (and the local stack) set.
 * Metrics' own notices go through the logger (see {@link createMetrics}).
 * The Tracer lives in tracing.ts.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
});

export const metrics = createMetrics(
  {
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AiopsObservability',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aiops-observability',
  },
  logger,
);
