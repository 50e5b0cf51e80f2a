import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { METRICS, parseSeriesKey, seriesKey } from '#domain/metrics/catalog';
import { deadLetterSamples } from '#domain/metrics/dead-letters';
import { needsZeroSample, type SeriesHistory, zeroSampleTime } from '#domain/metrics/first-samples';
import type { LabelValueRegistry } from '#domain/metrics/label-bound';
import { serviceLabelsOf } from '#domain/metrics/service-labels';
import {
  AGGREGATED_SERIES_NAMES,
  metricMetadata,
  type SnapshotSample,
  snapshot,
} from '#domain/metrics/snapshot';
import type { ApplianceStore } from '#domain/ports';
import { EXPORT_LEASE_MS, type ExporterState } from './exporter-state.ts';
import type { MetricAggregates } from './metric-aggregates.ts';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from './prometheus/exposition.ts';
import {
  type RemoteWriteSummary,
  type RequestSigner,
  sendRemoteWrite,
} from './prometheus/remote-write-client.ts';
import { type DroppedSeries, screenSamples } from './prometheus/screen.ts';
import type { QueueDepths } from './sqs/queue-depths.ts';

/** Where the depths of the pipeline's dead-letter queues come from, by queue name. */
export type DeadLetterSource = () => Promise<QueueDepths>;

/** Where the series come from, and where the export's notices go. */
export interface MetricsSource {
  /** The durable totals (the metrics table). */
  readonly aggregates: MetricAggregates;
  /** Each tenant's admitted label values (bounds the `service` label of the appliance gauges). */
  readonly labelRegistry: LabelValueRegistry;
  /** The appliances' latest states (the appliance gauges). */
  readonly appliances: ApplianceStore;
  /** The export lease and the export marks of new series (the metrics table). */
  readonly state: ExporterState;
  /** An appliance whose last heartbeat is older than this is offline. */
  readonly offlineAfterSeconds: number;
  /** Depths of the pipeline's dead-letter queues. @default none */
  readonly deadLetters?: DeadLetterSource;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
}

/** What one export run did. */
export interface ExportSummary extends RemoteWriteSummary {
  /** Set when the run sent nothing: another run held the lease (`busy`), or a later run was already claimed (`clock`). */
  readonly skipped?: 'busy' | 'clock';
  /** Zero samples sent before the first value of new counter series. */
  readonly zeroSamples: number;
  /** Series left out (invalid or conflicting); each is logged and counted. */
  readonly dropped: readonly DroppedSeries[];
}

/** Sending ends this long before the lease does, so no request of a run outlives its lease. */
const LEASE_MARGIN_MS = 5_000;
/** Dropped series logged one by one per run; the rest are counted in one line. */
const LOGGED_DROPS = 20;
const DROPPED = METRICS.exporterDroppedSeriesTotal;

/**
 * The series of the aggregates table with their history, and every sample at `nowMs`; a
 * stored series key that cannot be read is left out as `unreadable`.
 */
async function readSnapshot(source: MetricsSource, nowMs: number) {
  const [stored, appliances, depths] = await Promise.all([
    source.aggregates.series(AGGREGATED_SERIES_NAMES),
    source.appliances.allLatest(),
    source.deadLetters ? source.deadLetters() : new Map<string, number>(),
  ]);
  const series: SeriesHistory[] = [];
  const unreadable: DroppedSeries[] = [];
  for (const s of stored) {
    try {
      parseSeriesKey(s.key);
      series.push(s);
    } catch (e) {
      const detail = (e as Error).message;
      const reason = detail.endsWith('invalid metric name at position 0') ? 'invalid_name' : 'invalid_label';
      unreadable.push({ name: s.key.split('{')[0] ?? s.key, labels: {}, reason, detail });
    }
  }
  const totals = new Map(series.map((s) => [s.key, s.value]));
  const services = await serviceLabelsOf(appliances, source.labelRegistry);
  const samples: SnapshotSample[] = [
    ...snapshot(totals, appliances, nowMs, source.offlineAfterSeconds, services),
    ...deadLetterSamples(depths, nowMs),
  ];
  return { series, samples, unreadable };
}

/**
 * Every series now: the durable totals, the appliance gauges (service labels bounded per
 * tenant by the label registry) and the dead-letter queue depths (from `source.deadLetters`).
 * @example const samples = await collectSnapshot(source);
 */
export async function collectSnapshot(source: MetricsSource, nowMs = Date.now()): Promise<SnapshotSample[]> {
  return (await readSnapshot(source, nowMs)).samples;
}

/**
 * Sends the current snapshot by Prometheus remote write (batched, retried on 429/5xx), one run
 * at a time (see `ExporterState`): every new counter series gets a 0 sample just before its
 * first value (see `first-samples.ts`), so `rate()` and `increase()` count its first events;
 * a series that cannot be sent is left out, logged and counted in
 * `aiops_exporter_dropped_series_total{reason}`, and the rest goes out.
 * @example await exportOnce(source, { url: 'http://127.0.0.1:9090/api/v1/write' })
 */
export async function exportOnce(
  source: MetricsSource,
  options: {
    url: string;
    sign?: RequestSigner;
    /** How long the run may take; a run that dies keeps others out this long. @default EXPORT_LEASE_MS */
    leaseMs?: number;
  },
): Promise<ExportSummary> {
  const leaseMs = options.leaseMs ?? EXPORT_LEASE_MS;
  const { state } = source;
  const holder = randomUUID();
  const claim = await state.claim(Date.now(), leaseMs, holder);
  if (!claim.ok) return { ...NOTHING_SENT, skipped: claim.reason };
  try {
    return await exportAt(source, claim.atMs, claim.atMs + leaseMs - LEASE_MARGIN_MS, options);
  } finally {
    await state.release(holder);
  }
}

const NOTHING_SENT: ExportSummary = {
  requests: 0,
  attempts: 0,
  retries: 0,
  samples: 0,
  series: 0,
  failures: [],
  zeroSamples: 0,
  dropped: [],
};

/** One run that holds the lease: its samples are stamped `atMs`, sending ends by `deadlineMs`. */
async function exportAt(
  source: MetricsSource,
  atMs: number,
  deadlineMs: number,
  options: { url: string; sign?: RequestSigner },
): Promise<ExportSummary> {
  const { state, logger } = source;
  const metadata = metricMetadata();
  const read = await readSnapshot(source, atMs);
  const screened = screenSamples(read.samples, metadata);
  const { kept } = screened;
  const dropped = [...read.unreadable, ...screened.dropped];
  let series = read.series;
  let samples = kept;
  const counted = dropped.length > 0 ? await countDrops(source, dropped, atMs) : [];
  if (counted.length > 0) {
    const countedKeys = new Set(counted.map((s) => s.key));
    series = [...series.filter((s) => !countedKeys.has(s.key)), ...counted];
    samples = [
      ...kept.filter((s) => s.name !== DROPPED.name),
      ...counted.map((s) => ({ ...parseSeriesKey(s.key), value: s.value, timestampMs: atMs })),
    ];
  }
  const sent = new Set(samples.map((s) => seriesKey(s.name, s.labels)));
  const fresh = series.filter((s) => sent.has(s.key) && needsZeroSample(parseSeriesKey(s.key).name, s));
  const { marked, failed } = await state.markExported(
    fresh.map((s) => s.key),
    atMs,
  );
  if (failed.size > 0)
    logger.warn('new series held back until their export mark is written', { series: [...failed] });
  const zeros = fresh
    .filter((s) => marked.has(s.key))
    .map((s) => ({
      ...parseSeriesKey(s.key),
      value: 0,
      timestampMs: zeroSampleTime(s.createdAtMs as number, atMs),
    }));
  const send = { url: options.url, metadata, deadlineMs, ...(options.sign ? { sign: options.sign } : {}) };
  // Zeros go in requests of their own, before the values: a request retried after Prometheus
  // stored it (its answer lost) then only repeats each series' newest sample, which Prometheus
  // accepts again, instead of a zero behind a value it already holds, which it refuses.
  const first = zeros.length > 0 ? await sendRemoteWrite(zeros, send) : undefined;
  const values = await sendRemoteWrite(
    samples.filter((s) => !failed.has(seriesKey(s.name, s.labels))),
    send,
  );
  return { ...(first ? addSummaries(first, values) : values), zeroSamples: zeros.length, dropped };
}

/** Two calls' summaries as one, the second's request numbers after the first's. */
function addSummaries(a: RemoteWriteSummary, b: RemoteWriteSummary): RemoteWriteSummary {
  return {
    requests: a.requests + b.requests,
    attempts: a.attempts + b.attempts,
    retries: a.retries + b.retries,
    samples: a.samples + b.samples,
    series: b.series,
    failures: [...a.failures, ...b.failures.map((f) => ({ ...f, request: f.request + a.requests }))],
  };
}

/**
 * Logs the dropped series and adds them to `aiops_exporter_dropped_series_total` (once per
 * run: the fold's marker is the run's time); returns that counter's series as stored now. A
 * failure to count is logged and leaves the counter as it was: the export goes on.
 */
async function countDrops(
  { aggregates, logger }: MetricsSource,
  dropped: readonly DroppedSeries[],
  atMs: number,
): Promise<SeriesHistory[]> {
  for (const d of dropped.slice(0, LOGGED_DROPS)) logger.warn('series left out of the export', { ...d });
  const byReason = new Map<string, number>();
  for (const d of dropped) {
    const key = seriesKey(DROPPED, { reason: d.reason });
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  if (dropped.length > LOGGED_DROPS)
    logger.warn('more series left out of the export', { count: dropped.length - LOGGED_DROPS });
  try {
    await aggregates.fold([{ sequenceNumber: `exporter:${atMs}`, increments: byReason }]);
    return await aggregates.series([DROPPED.name]);
  } catch (e) {
    logger.error('could not count the dropped series', { error: e as Error });
    return [];
  }
}

/**
 * The current snapshot in the Prometheus text format, for `GET /metrics`. Series that cannot
 * be written are left out (counted only by the exporter, so a scrape never counts twice).
 * @example const { contentType, body } = await exposition(source);
 */
export async function exposition(source: MetricsSource): Promise<{ contentType: string; body: string }> {
  const metadata = metricMetadata();
  const { kept } = screenSamples(await collectSnapshot(source), metadata);
  return { contentType: EXPOSITION_CONTENT_TYPE, body: renderExposition(kept, metadata) };
}
