import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createMetrics } from '#observability/metrics-notices';
import { createTracing, type Tracing } from '#observability/tracing';
import { createLogger, loggerSettings } from './logger.ts';
import type { EnvironmentSource } from './settings.ts';

/** How a process logs, counts and traces. */
export interface ObservabilitySettings {
  /** Powertools' service name (a log key and a metric dimension). @default 'aiops-observability' */
  readonly serviceName: string;
  /** The CloudWatch namespace of the EMF metrics. @default 'AiopsObservability' */
  readonly metricsNamespace: string;
  /** The lowest level logged. @default Powertools' own (POWERTOOLS_LOG_LEVEL, else INFO) */
  readonly logLevel?: string;
  /** Publish no metrics. @default Powertools' own (POWERTOOLS_METRICS_DISABLED) */
  readonly metricsDisabled?: boolean;
  /** Trace invocations and AWS SDK calls (X-Ray). @default true */
  readonly tracingEnabled: boolean;
}

/** The Powertools of a runtime: built once, passed to every handler and helper that logs or counts. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing: Tracing;
}

/**
 * The observability settings the stacks set as `POWERTOOLS_*` variables.
 * @example observabilitySettings(process.env).serviceName // 'aiops-observability'
 */
export function observabilitySettings(source: EnvironmentSource): ObservabilitySettings {
  return {
    ...loggerSettings(source),
    metricsNamespace: source.POWERTOOLS_METRICS_NAMESPACE || 'AiopsObservability',
    tracingEnabled: source.POWERTOOLS_TRACE_ENABLED !== 'false',
  };
}

/**
 * Logger, Metrics (their own notices go through the logger, see `createMetrics`) and tracing.
 * @example const { logger } = await createObservability({ serviceName: 'local', metricsNamespace: 'Test', tracingEnabled: false });
 */
export async function createObservability(settings: ObservabilitySettings): Promise<Observability> {
  const logger = createLogger(settings);
  const metrics = createMetrics(
    {
      namespace: settings.metricsNamespace,
      serviceName: settings.serviceName,
      ...(settings.metricsDisabled === undefined ? {} : { disabled: settings.metricsDisabled }),
    },
    logger,
  );
  const tracing = await createTracing({
    enabled: settings.tracingEnabled,
    serviceName: settings.serviceName,
  });
  return { logger, metrics, tracing };
}
