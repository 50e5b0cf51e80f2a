import { isOnline } from '../appliance-online.ts';
import type { ApplianceState } from '../ports.ts';
import { DECISION_METRICS, METRICS, type MetricDefinition, seriesNames } from './catalog.ts';
import { boundLabel } from './labels.ts';
import { parseSeriesKey, seriesKey } from './series-key.ts';
import { type ServiceLabels, UNBOUNDED_SERVICE_LABELS } from './service-labels.ts';

/** One sample of one series, ready for remote write or the text exposition. */
export interface SnapshotSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
  readonly timestampMs: number;
}

/** The metadata of every metric family, by name, for the exporters. */
export function metricMetadata(): Record<string, { type: MetricDefinition['type']; help: string }> {
  return Object.fromEntries(Object.values(METRICS).map((m) => [m.name, { type: m.type, help: m.help }]));
}

/**
 * The series names (histograms expanded) whose values live in the aggregates table: the
 * decision metrics, API latency (folded from the access log), pipeline lag (a gauge set
 * by each stream consumer) and the exporter's dropped series.
 */
export const AGGREGATED_SERIES_NAMES: readonly string[] = [
  ...DECISION_METRICS,
  METRICS.apiResponseTimeSeconds,
  METRICS.pipelineLagSeconds,
  METRICS.exporterDroppedSeriesTotal,
  METRICS.labelValuesFoldedTotal,
].flatMap((m) => seriesNames(m));

/**
 * Every series at one instant: the durable counter and histogram totals, and the appliance
 * gauges computed from each appliance's latest state. `aiops_appliance_online` is 1 while
 * the last heartbeat is younger than `offlineAfterSeconds` and no disconnect came after it
 * (see `isOnline`). Services take their label from `serviceLabels` (bounded per tenant: see
 * `service-labels.ts`).
 * @example snapshot(totals, appliances, Date.now(), 300, await serviceLabelsOf(appliances, registry))
 */
export function snapshot(
  totals: ReadonlyMap<string, number>,
  appliances: readonly ApplianceState[],
  nowMs: number,
  offlineAfterSeconds: number,
  serviceLabels: ServiceLabels = UNBOUNDED_SERVICE_LABELS,
): SnapshotSample[] {
  const out: SnapshotSample[] = [];
  for (const [key, value] of totals) {
    const { name, labels } = parseSeriesKey(key);
    out.push({ name, labels: { ...labels }, value, timestampMs: nowMs });
  }
  for (const a of appliances) out.push(...applianceSamples(a, nowMs, offlineAfterSeconds, serviceLabels));
  return out;
}

function applianceSamples(
  a: ApplianceState,
  nowMs: number,
  offlineAfterSeconds: number,
  serviceLabels: ServiceLabels,
): SnapshotSample[] {
  // Appliance ids are the tenant's own names: only with customer_id is a series one appliance.
  const own = { appliance_id: boundLabel(a.applianceId), customer_id: boundLabel(a.customerId) };
  const sentMs = Date.parse(a.lastHeartbeatAt);
  const online = isOnline(a, nowMs, offlineAfterSeconds) ? 1 : 0;
  const sample = (name: string, value: number, labels: Record<string, string> = own): SnapshotSample => ({
    name,
    labels: { ...labels },
    value,
    timestampMs: nowMs,
  });
  return [
    sample(METRICS.applianceOnline.name, online),
    sample(METRICS.applianceLastHeartbeatTimestamp.name, Math.floor(sentMs / 1000)),
    sample(METRICS.applianceCpuPercent.name, a.cpuPercent),
    sample(METRICS.applianceMemoryPercent.name, a.memoryPercent),
    sample(METRICS.applianceDiskPercent.name, a.diskPercent),
    ...[...serviceUp(a, serviceLabels)].map(([service, up]) =>
      sample(METRICS.applianceServiceUp.name, up, { ...own, service }),
    ),
  ];
}

/**
 * 1 or 0 per service label of an appliance. Services folded into one label (`other`, or two
 * names cut to the same 128 characters) read 0 when any of them is down.
 */
function serviceUp(a: ApplianceState, serviceLabels: ServiceLabels): Map<string, number> {
  const up = new Map<string, number>();
  for (const [service, state] of Object.entries(a.services)) {
    const label = serviceLabels(a.customerId, service);
    up.set(label, Math.min(up.get(label) ?? 1, state === 'up' ? 1 : 0));
  }
  return up;
}

/** The series key of a sample (for de-duplication and tests). */
export const sampleKey = (s: SnapshotSample): string => seriesKey(s.name, s.labels);
