import {
  AGGREGATED_SERIES_NAMES,
  metricMetadata,
  type SnapshotSample,
  snapshot,
} from '#domain/metrics/snapshot';
import { runtimeEnv } from '#shared/env';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from './prometheus/exposition.ts';
import {
  type RemoteWriteSummary,
  type RequestSigner,
  sendRemoteWrite,
} from './prometheus/remote-write-client.ts';
import { aggregates, stores } from './stores.ts';

/** Every series now: the durable totals and the appliance gauges. */
export async function collectSnapshot(nowMs = Date.now()): Promise<SnapshotSample[]> {
  const [totals, appliances] = await Promise.all([
    aggregates().totals(AGGREGATED_SERIES_NAMES),
    stores().appliances.allLatest(),
  ]);
  return snapshot(totals, appliances, nowMs, runtimeEnv().APPLIANCE_OFFLINE_AFTER_SECONDS);
}

/**
 * Sends the current snapshot by Prometheus remote write (batched, retried on 429/5xx).
 * @example await exportOnce({ url: process.env.PROMETHEUS_REMOTE_WRITE_URL })
 */
export async function exportOnce(options: {
  url: string;
  sign?: RequestSigner;
}): Promise<RemoteWriteSummary> {
  const samples = await collectSnapshot();
  return sendRemoteWrite(samples, {
    url: options.url,
    metadata: metricMetadata(),
    ...(options.sign ? { sign: options.sign } : {}),
  });
}

/** The current snapshot in the Prometheus text format, for `GET /metrics`. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  return {
    contentType: EXPOSITION_CONTENT_TYPE,
    body: renderExposition(await collectSnapshot(), metricMetadata()),
  };
}
