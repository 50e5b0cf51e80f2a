import { tableNames } from '#adapters/dynamodb-tables';
import { MetricAggregates } from '#adapters/metric-aggregates';
import { createAccessLogMetricsHandler } from '#handlers/access-log-metrics';
import { basicsFromEnvironment } from '#runtime/basics';

/** The Lambda entry point: the metrics table of the environment's prefix. */
export const handler = await (async () => {
  const basics = await basicsFromEnvironment();
  const aggregates = new MetricAggregates(basics.documents, tableNames(basics.settings.TABLE_PREFIX).metrics);
  return createAccessLogMetricsHandler({ ...basics, aggregates });
})();
