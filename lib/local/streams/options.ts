/**
 * Settings of a local event source mapping, with Lambda's meaning, and their validation.
 */
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { CheckpointStore, OnFailure, StreamHandler } from './types.ts';

/** Options of {@link startEventSourceMapping}. */
export interface EventSourceMappingOptions {
  /** DynamoDB (Local) endpoint, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  /** The stream to read. Give this or `tableName`. */
  readonly streamArn?: string;
  /** A table whose `LatestStreamArn` is read when `streamArn` is absent. */
  readonly tableName?: string;
  /** The function to feed. */
  readonly handler: StreamHandler;
  /**
   * Name in the Lambda context and the failure records; also keys the checkpoints, so two
   * functions reading one stream must have different names.
   * @default 'stream-consumer'
   */
  readonly functionName?: string;
  /** Most records per invocation (1 to 10,000). @default 100 */
  readonly batchSize?: number;
  /** Longest wait for a batch to fill, from the oldest waiting record (0 to 300,000). @default 500 */
  readonly maximumBatchingWindowMs?: number;
  /** Retries of a failed batch; -1 retries until it succeeds (0 to 10,000, or -1). @default 3 */
  readonly maximumRetryAttempts?: number;
  /** Split a batch in two when the handler throws. @default true */
  readonly bisectBatchOnFunctionError?: boolean;
  /** Read `batchItemFailures` from the handler's answer. @default true */
  readonly reportBatchItemFailures?: boolean;
  /**
   * Where shards without a checkpoint start. LATEST applies only while the checkpoint store
   * holds nothing for this mapping; shards found later always start at TRIM_HORIZON.
   * @default 'TRIM_HORIZON'
   */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Wait between GetRecords calls on a shard read to its end (Lambda polls 4 times a second). @default 250 */
  readonly pollIntervalMs?: number;
  /** How often the stream is described again to find new shards. @default 5_000 */
  readonly shardDiscoveryIntervalMs?: number;
  /** First retry backoff, doubled on each further retry. @default 100 */
  readonly retryBaseDelayMs?: number;
  /** Longest retry backoff. @default 5_000 */
  readonly retryMaxDelayMs?: number;
  /** The on-failure destination: batches that exhausted their retries, before they are skipped. */
  readonly onFailure: OnFailure;
  /** Where per-shard progress is kept. */
  readonly checkpointStore: CheckpointStore;
  /** Region written into each record's `awsRegion`. @default the record's own (`ddblocal` on DynamoDB Local) */
  readonly awsRegion?: string;
  /** Client for the stream API; built for `endpoint` with dummy credentials when absent. */
  readonly client?: DynamoDBStreamsClient;
  /** Receives problems that are retried (stream API errors, a failing destination). @default writes to stderr */
  readonly onWarning?: (message: string, error: unknown) => void;
}

/** The options with every default applied. */
export type ResolvedMappingOptions = Required<
  Omit<EventSourceMappingOptions, 'streamArn' | 'tableName' | 'awsRegion' | 'client'>
> &
  Pick<EventSourceMappingOptions, 'streamArn' | 'tableName' | 'awsRegion' | 'client'>;

const integerIn = (
  field: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number => {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new RangeError(`${field} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return resolved;
};

const warnToStderr = (message: string, error: unknown): void => {
  process.stderr.write(
    `[event-source-mapping] ${message}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
};

/**
 * Validates the options and fills in the defaults.
 * @throws TypeError or RangeError naming the field at fault
 * @example
 * resolveMappingOptions({ endpoint, tableName, handler, onFailure, checkpointStore }).batchSize; // 100
 */
export function resolveMappingOptions(options: EventSourceMappingOptions): ResolvedMappingOptions {
  if (typeof options.endpoint !== 'string' || !/^https?:\/\/[^/]+/.test(options.endpoint)) {
    throw new TypeError(`endpoint must be an http(s) URL, got ${JSON.stringify(options.endpoint)}`);
  }
  if (options.streamArn === undefined && options.tableName === undefined) {
    throw new TypeError('streamArn or tableName is required');
  }
  if (
    options.streamArn !== undefined &&
    !/^arn:aws[\w-]*:dynamodb:[^:]*:\d*:table\/.+\/stream\/.+$/.test(options.streamArn)
  ) {
    throw new TypeError(`streamArn must be a DynamoDB stream ARN, got ${JSON.stringify(options.streamArn)}`);
  }
  if (typeof options.handler !== 'function') throw new TypeError('handler must be a function');
  if (typeof options.onFailure !== 'function') throw new TypeError('onFailure must be a function');
  if (options.checkpointStore === undefined) throw new TypeError('checkpointStore is required');
  const startingPosition = options.startingPosition ?? 'TRIM_HORIZON';
  if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
    throw new TypeError(
      `startingPosition must be TRIM_HORIZON or LATEST, got ${JSON.stringify(startingPosition)}`,
    );
  }
  const maximumRetryAttempts = integerIn('maximumRetryAttempts', options.maximumRetryAttempts, 3, -1, 10_000);
  return {
    ...options,
    functionName: options.functionName ?? 'stream-consumer',
    batchSize: integerIn('batchSize', options.batchSize, 100, 1, 10_000),
    maximumBatchingWindowMs: integerIn(
      'maximumBatchingWindowMs',
      options.maximumBatchingWindowMs,
      500,
      0,
      300_000,
    ),
    maximumRetryAttempts,
    bisectBatchOnFunctionError: options.bisectBatchOnFunctionError ?? true,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    startingPosition,
    pollIntervalMs: integerIn('pollIntervalMs', options.pollIntervalMs, 250, 1, 60_000),
    shardDiscoveryIntervalMs: integerIn(
      'shardDiscoveryIntervalMs',
      options.shardDiscoveryIntervalMs,
      5_000,
      10,
      3_600_000,
    ),
    retryBaseDelayMs: integerIn('retryBaseDelayMs', options.retryBaseDelayMs, 100, 0, 600_000),
    retryMaxDelayMs: integerIn('retryMaxDelayMs', options.retryMaxDelayMs, 5_000, 0, 3_600_000),
    onWarning: options.onWarning ?? warnToStderr,
  };
}
