/**
 * What CloudWatch Logs and its subscription filter do in AWS, on one machine: access log
 * records are buffered off the request path and delivered in batches, gzipped and base64
 * encoded in an `awslogs.data` event, to the same access-log metrics handler; a delivery that
 * fails is retried like an asynchronous Lambda invocation, then counted as a dead letter.
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent, Context } from 'aws-lambda';
import { type AccessLogRecord, formatAccessLogRecord } from '#domain/metrics/access-log-format';
import { lambdaContext } from './gateway/lambda-context.ts';
import { withRetries } from './with-retries.ts';

const gzipAsync = promisify(gzip);

/** Options of {@link startAccessLogShipper}. */
export interface AccessLogShipperOptions {
  /** The subscription's function, as Lambda runs it. */
  readonly handler: (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
  /** Written into every delivery. @default '/aws/apigateway/aiops-local' */
  readonly logGroup?: string;
  /** How long a record waits for others before its batch is delivered. @default 1000 */
  readonly batchWindowMs?: number;
  /** A batch this large is delivered at once. @default 1000 */
  readonly maxBatchSize?: number;
  /** Retries of a failed delivery (Lambda's asynchronous invocations retry twice). @default 2 */
  readonly retryAttempts?: number;
  /** Pause before the first retry, doubling after. @default 500 */
  readonly retryDelayMs?: number;
  /** Told about a delivery given up. @default writes a line to stderr */
  readonly onFailure?: (events: number, error: Error) => void;
}

/** Counters of a shipper. */
export interface AccessLogShipperStats {
  readonly delivered: number;
  readonly deliveredEvents: number;
  /** Deliveries given up after their retries (each one message of the AWS on-failure queue). */
  readonly failedDeliveries: number;
  readonly retries: number;
  readonly pending: number;
}

/** A running shipper. */
export interface AccessLogShipper {
  /** The gateway's `onAccessLog`: queues one record and returns at once. */
  readonly push: (record: AccessLogRecord) => void;
  /** Delivers what is queued now and waits until every delivery has finished. */
  flush(): Promise<void>;
  stats(): AccessLogShipperStats;
  /** Flushes, then stops. */
  stop(): Promise<void>;
}

/**
 * Starts the local access log subscription. Deliveries run one at a time, in order.
 * @example
 * const shipper = startAccessLogShipper({ handler: createAccessLogMetricsHandler(runtime) });
 * await startGateway({ functions, onAccessLog: shipper.push });
 */
export function startAccessLogShipper(options: AccessLogShipperOptions): AccessLogShipper {
  const window = options.batchWindowMs ?? 1000;
  const max = options.maxBatchSize ?? 1000;
  const retryAttempts = options.retryAttempts ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const onFailure =
    options.onFailure ??
    ((n: number, e: Error) =>
      process.stderr.write(`access log: a delivery of ${n} events failed for good: ${e.message}\n`));
  let buffer: CloudWatchLogsDecodedData['logEvents'] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const stats = { delivered: 0, deliveredEvents: 0, failedDeliveries: 0, retries: 0 };

  const deliver = async (logEvents: CloudWatchLogsDecodedData['logEvents']): Promise<void> => {
    const decoded: CloudWatchLogsDecodedData = {
      messageType: 'DATA_MESSAGE',
      owner: '000000000000',
      logGroup: options.logGroup ?? '/aws/apigateway/aiops-local',
      logStream: 'local',
      subscriptionFilters: ['local-access-log-metrics'],
      logEvents,
    };
    const data = (await gzipAsync(JSON.stringify(decoded))).toString('base64');
    try {
      await withRetries(
        () => options.handler({ awslogs: { data } }, lambdaContext('access-log-metrics', 60_000)),
        { retryAttempts, retryDelayMs, onRetry: () => stats.retries++ },
      );
    } catch (e) {
      stats.failedDeliveries++;
      onFailure(logEvents.length, e as Error);
      return;
    }
    stats.delivered++;
    stats.deliveredEvents += logEvents.length;
  };
  const ship = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    chain = chain.then(() => deliver(batch));
  };

  return {
    push: (record) => {
      if (stopped) return;
      buffer.push({ id: randomUUID(), timestamp: Date.now(), message: formatAccessLogRecord(record) });
      if (buffer.length >= max) ship();
      else if (!timer) {
        timer = setTimeout(ship, window);
        timer.unref();
      }
    },
    flush: async () => {
      ship();
      await chain;
    },
    stats: () => ({ ...stats, pending: buffer.length }),
    stop: async () => {
      stopped = true;
      ship();
      await chain;
    },
  };
}
