/**
 * The shapes shared by the local event source mapping: the handler it feeds, the record it
 * sends to the on-failure destination, its checkpoints and its counters.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * A stream consumer as Lambda runs it: Powertools `BatchProcessor` style, answering
 * `batchItemFailures` with the sequence numbers that failed (or nothing on full success).
 */
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<StreamHandlerResult>;

/** What a handler may answer: Lambda's `DynamoDBStreamHandler` allows nothing at all. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers typed as Lambda's DynamoDBStreamHandler return void
export type StreamHandlerResult = DynamoDBBatchResponse | undefined | void;

/** One stream record as it sits in a shard's buffer: the Lambda form plus its position. */
export interface BufferedRecord {
  /** The record exactly as Lambda puts it into `event.Records`. */
  readonly record: DynamoDBRecord;
  /** Its sequence number (also in `record.dynamodb.SequenceNumber`). */
  readonly sequenceNumber: string;
  /** When the poller read it (ms since the epoch); the batching window starts here. */
  readonly readAt: number;
}

/** Where one shard stands for one mapping. */
export interface ShardCheckpoint {
  /** Every record up to and including this one has been handled (succeeded or sent to the destination). */
  readonly sequenceNumber?: string;
  /** The shard is closed and every record of it has been handled. */
  readonly finished?: boolean;
}

/** Identifies a checkpoint: the mapping (function + stream) and the shard. */
export interface CheckpointKey {
  /** `<functionName>@<streamArn>`: two functions on one stream keep separate checkpoints. */
  readonly mappingId: string;
  readonly shardId: string;
}

/** Durable per-shard progress of event source mappings. */
export interface CheckpointStore {
  /** The checkpoint of one shard, or undefined when it was never written. */
  get(key: CheckpointKey): Promise<ShardCheckpoint | undefined>;
  /** Replaces the checkpoint of one shard; resolves once it is durable. */
  put(key: CheckpointKey, checkpoint: ShardCheckpoint): Promise<void>;
  /** Every shard checkpoint of one mapping, by shard id. */
  list(mappingId: string): Promise<Record<string, ShardCheckpoint>>;
}

/**
 * What the on-failure destination receives for a batch that exhausted its retries: Lambda's
 * on-failure record for DynamoDB Streams (`requestContext`, `responseContext`,
 * `DDBStreamBatchInfo`), plus the error and the records' keys, which Lambda leaves out.
 */
export interface FailedBatch {
  readonly version: '1.0';
  /** ISO time the batch was given up. */
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted';
    /** How many times the handler was called with these records (in this batch or larger ones). */
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: 200;
    readonly executedVersion: '$LATEST';
    /** `Unhandled` when the handler threw, `PartialBatchFailure` when it reported the records. */
    readonly functionError: 'Unhandled' | 'PartialBatchFailure';
  };
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    /** ISO times from `ApproximateCreationDateTime`. */
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  /** The last error: what the handler threw, or the failures it reported. */
  readonly error: { readonly name: string; readonly message: string };
  /** The records given up, in shard order. */
  readonly records: readonly {
    readonly sequenceNumber: string;
    readonly eventName: string;
    readonly keys: Record<string, unknown>;
  }[];
}

/** The on-failure destination: resolves once the failed batch is stored durably. */
export type OnFailure = (failed: FailedBatch) => Promise<void>;

/** Counters of a running mapping. */
export interface MappingStats {
  /** Handler calls, retries and halves included. */
  readonly invocations: number;
  /** Records the handler processed successfully (a record retried and then passed counts once per pass). */
  readonly recordsSucceeded: number;
  /** Calls repeated with the same records after a failure. */
  readonly retries: number;
  /** Failed batches split in two. */
  readonly bisections: number;
  /** Responses that named failed records. */
  readonly partialFailures: number;
  /** Batches sent to the on-failure destination, and their records. */
  readonly failedBatches: number;
  readonly failedRecords: number;
  /** Shard iterators that expired and were taken again. */
  readonly expiredIterators: number;
  /** Errors of the stream API (DescribeStream, GetShardIterator, GetRecords), retried. */
  readonly streamErrors: number;
  readonly shards: {
    /** Shards in the last description of the stream. */
    readonly known: number;
    /** Shards being read now. */
    readonly active: number;
    /** Closed shards read to their end. */
    readonly finished: number;
  };
}
