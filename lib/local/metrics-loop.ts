import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exportOnce, exposition, type MetricsSource } from '#adapters/metrics-export';

/** What the local stack does in place of the scheduled exporter and AMP. */
export interface LocalMetrics {
  /** `GET /metrics` in the Prometheus text format. */
  readonly route: () => Promise<APIGatewayProxyStructuredResultV2>;
  stop(): void;
}

/**
 * Serves `GET /metrics`, and when `remoteWriteUrl` is given remote-writes every series every
 * `intervalSeconds` (the scheduled exporter's job in AWS, with the same lease, zero samples
 * for new counters and dropped-series accounting). Export failures are reported on stderr and
 * retried at the next tick; they never stop the stack.
 */
export async function startLocalMetrics(options: {
  /**
   * The series: the stack's metric tables and appliances, and the depths of the local
   * stand-ins of the pipeline's dead-letter queues (what the exporter reads from SQS in AWS).
   */
  readonly source: MetricsSource;
  readonly remoteWriteUrl?: string;
  /** @default 15 */
  readonly intervalSeconds?: number;
}): Promise<LocalMetrics> {
  const { source } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  if (options.remoteWriteUrl) {
    const url = options.remoteWriteUrl;
    timer = setInterval(
      () => {
        if (running) return;
        running = true;
        exportOnce(source, { url })
          .then((s) => {
            if (s.skipped === 'busy')
              process.stderr.write('metrics export skipped: another export of these tables is running\n');
            for (const f of s.failures) process.stderr.write(`metrics export failed: ${f.message}\n`);
          })
          .catch((e: Error) => process.stderr.write(`metrics export failed: ${e.message}\n`))
          .finally(() => {
            running = false;
          });
      },
      (options.intervalSeconds ?? 15) * 1000,
    );
    timer.unref();
  }
  return {
    route: async () => {
      const { contentType, body } = await exposition(source);
      return { statusCode: 200, headers: { 'content-type': contentType }, body };
    },
    stop: () => clearInterval(timer),
  };
}
