import { deadLetterSamples } from '#domain/metrics/dead-letters';
import { serviceLabelsOf } from '#domain/metrics/service-labels';
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
import { deadLetterQueuesFromEnv, type QueueDepths } from './sqs/queue-depths.ts';
import { aggregates, labelRegistry, stores } from './stores.ts';

/** Where the depths of the pipeline's dead-letter queues come from, by queue name. */
export type DeadLetterSource = () => Promise<QueueDepths>;

/**
 * Every series now: the durable totals, the appliance gauges (service labels bounded per
 * tenant by the label registry) and the dead-letter queue depths (from `deadLetters`; by
 * default the SQS queues of `DEAD_LETTER_QUEUES`, none when unset).
 */
export async function collectSnapshot(
  nowMs = Date.now(),
  deadLetters: DeadLetterSource | undefined = deadLetterQueuesFromEnv(),
): Promise<SnapshotSample[]> {
  const [totals, appliances, depths] = await Promise.all([
    aggregates().totals(AGGREGATED_SERIES_NAMES),
    stores().appliances.allLatest(),
    deadLetters ? deadLetters() : new Map<string, number>(),
  ]);
  const services = await serviceLabelsOf(appliances, labelRegistry());
  return [
    ...snapshot(totals, appliances, nowMs, runtimeEnv().APPLIANCE_OFFLINE_AFTER_SECONDS, services),
    ...deadLetterSamples(depths, nowMs),
  ];
}

/**
 * Sends the current snapshot by Prometheus remote write (batched, retried on 429/5xx).
 * @example await exportOnce({ url: process.env.PROMETHEUS_REMOTE_WRITE_URL })
 */
export async function exportOnce(options: {
  url: string;
  sign?: RequestSigner;
  /** @default the SQS queues of `DEAD_LETTER_QUEUES` */
  deadLetters?: DeadLetterSource;
}): Promise<RemoteWriteSummary> {
  const samples = await collectSnapshot(Date.now(), options.deadLetters);
  return sendRemoteWrite(samples, {
    url: options.url,
    metadata: metricMetadata(),
    ...(options.sign ? { sign: options.sign } : {}),
  });
}

/**
 * The current snapshot in the Prometheus text format, for `GET /metrics`.
 * @param deadLetters as {@link collectSnapshot} takes it: by default the SQS queues of `DEAD_LETTER_QUEUES`
 */
export async function exposition(
  deadLetters?: DeadLetterSource,
): Promise<{ contentType: string; body: string }> {
  return {
    contentType: EXPOSITION_CONTENT_TYPE,
    body: renderExposition(await collectSnapshot(Date.now(), deadLetters), metricMetadata()),
  };
}
