import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ItemResult } from '#contract/responses';
import type { IngestAnswer } from '#domain/ingest-batch';

/**
 * Emits EMF counts of an ingest: `<kind>Ingested`, `<kind>Duplicates`, and
 * `<kind>Rejected` per reason (a bounded set of codes).
 */
export function recordOutcomes(metrics: Metrics, kind: string, answer: IngestAnswer): void {
  const results: ItemResult[] = answer.kind === 'batch' ? answer.summary.results : [answer.result];
  const accepted = results.filter((r) => r.status === 'accepted').length;
  const duplicates = results.filter((r) => r.status === 'duplicate').length;
  if (accepted) metrics.addMetric(`${kind}Ingested`, MetricUnit.Count, accepted);
  if (duplicates) metrics.addMetric(`${kind}Duplicates`, MetricUnit.Count, duplicates);
  const reasons = new Map<string, number>();
  for (const r of results)
    if (r.status === 'rejected')
      reasons.set(r.code ?? 'unknown', (reasons.get(r.code ?? 'unknown') ?? 0) + 1);
  for (const [reason, count] of reasons) {
    const single = metrics.singleMetric();
    single.addDimension('reason', reason);
    single.addMetric(`${kind}Rejected`, MetricUnit.Count, count);
  }
}
