import { sigv4Signer } from '#adapters/prometheus/sigv4';
import { createSqsClient } from '#adapters/sqs/client';
import { deadLetterQueuesFromEnv } from '#adapters/sqs/queue-depths';
import { createExporterHandler } from '#handlers/exporter';
import { runtimeFromEnvironment } from '#runtime/from-environment';
import { metricsSourceOf } from '#runtime/metrics-source';

/**
 * The Lambda entry point: `REMOTE_WRITE_URL`, signed with SigV4 for `aps` when
 * `REMOTE_WRITE_SIGV4_REGION` is set, and the depths of the `DEAD_LETTER_QUEUES`.
 */
export const handler = await (async () => {
  const runtime = await runtimeFromEnvironment();
  const region = process.env.REMOTE_WRITE_SIGV4_REGION;
  const sqs = createSqsClient(process.env, runtime.observability.tracing.traceClient);
  const deadLetters = deadLetterQueuesFromEnv(process.env, () => sqs, runtime.observability.logger);
  return createExporterHandler({
    runtime,
    source: metricsSourceOf(runtime, deadLetters),
    url: process.env.REMOTE_WRITE_URL,
    ...(region ? { sign: sigv4Signer({ region }) } : {}),
  });
})();
