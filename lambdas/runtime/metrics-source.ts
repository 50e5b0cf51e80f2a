import { tableNames } from '#adapters/dynamodb-tables';
import { ExporterState } from '#adapters/exporter-state';
import type { DeadLetterSource, MetricsSource } from '#adapters/metrics-export';
import type { Runtime } from './runtime.ts';

/**
 * What the exporter and `GET /metrics` read, from a runtime: its metric tables, appliances,
 * offline threshold and logger.
 * @param deadLetters depths of the pipeline's dead-letter queues. @default none
 * @example await exportOnce(metricsSourceOf(runtime), { url });
 */
export function metricsSourceOf(runtime: Runtime, deadLetters?: DeadLetterSource): MetricsSource {
  return {
    aggregates: runtime.aggregates,
    labelRegistry: runtime.labelRegistry,
    appliances: runtime.stores.appliances,
    state: new ExporterState(runtime.documents, tableNames(runtime.settings.TABLE_PREFIX).metrics),
    offlineAfterSeconds: runtime.settings.APPLIANCE_OFFLINE_AFTER_SECONDS,
    ...(deadLetters ? { deadLetters } : {}),
    logger: runtime.observability.logger,
  };
}
