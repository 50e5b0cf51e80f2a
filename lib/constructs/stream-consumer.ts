import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECORD_DEAD_LETTER_QUEUE_URL, SQS_MAX_MESSAGE_BYTES } from '#streams/record-dead-letters';
import { encryptedDeadLetterQueue } from './dead-letter-queue.ts';
import type { PowertoolsFunction } from './powertools-function.ts';

/** One DynamoDB stream a {@link StreamConsumer} reads. */
export interface StreamSource {
  /** Construct id of this source's parts, e.g. `Decisions`. */
  readonly id: string;
  /** A table with a stream. */
  readonly table: ITableV2;
}

/** Properties of a {@link StreamConsumer}. */
export interface StreamConsumerProps {
  /** The function that handles the batches (it answers `batchItemFailures`). */
  readonly consumer: PowertoolsFunction;
  /** The streams it reads, one event source mapping each. */
  readonly sources: readonly StreamSource[];
  /** Retries of a failing batch (halved by each bisection) before it goes to the queue. @default 5 */
  readonly retryAttempts?: number;
  /** What happens to the on-failure queues when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The mapping of one source and its on-failure queue. */
export interface StreamMapping {
  readonly source: StreamSource;
  /** The event source mapping's id (its UUID once deployed). */
  readonly mappingId: string;
  /** Where Lambda sends the metadata of a batch that kept failing. */
  readonly onFailureQueue: sqs.Queue;
}

/** Every setting of the event source mappings, for tests and for the local stack to mirror. */
export const STREAM_MAPPING_DEFAULTS = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(1),
  parallelizationFactor: 1,
  retryAttempts: 5,
} as const;

/**
 * A Lambda consuming DynamoDB streams the way the pipeline needs: per source an event
 * source mapping from the oldest record (TRIM_HORIZON), batches of 100 within 1 s, one
 * batch per shard at a time (order per key), retries with bisection and partial batch
 * failures, and an encrypted SQS on-failure queue (Lambda puts the shard and sequence range
 * of a batch it gives up there); and one encrypted queue where the function itself sets aside,
 * whole, a record that fails for its own reason (`RECORD_DEAD_LETTER_QUEUE_URL`, SendMessage
 * only). Its alarms (queue depth, iterator age) are the observability stack's, named by the
 * alarm convention like every other alarm of the app.
 *
 * @example
 * new StreamConsumer(this, 'Aggregator', { consumer: aggregator, sources: [{ id: 'Decisions', table }] });
 */
export class StreamConsumer extends Construct {
  /** One entry per source, in the order given. */
  public readonly mappings: readonly StreamMapping[];
  /** Where the function sends the records it refuses, each with its body (messages up to 1 MiB). */
  public readonly recordDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const fn = props.consumer.function;
    const d = STREAM_MAPPING_DEFAULTS;
    this.recordDeadLetterQueue = encryptedDeadLetterQueue(this, 'RecordDeadLetters', {
      removalPolicy: props.removalPolicy,
      maxMessageSizeBytes: SQS_MAX_MESSAGE_BYTES,
      nagReason:
        'This queue is itself the dead-letter destination of the stream records the consumer refuses (kept whole for a redrive).',
    });
    fn.addEnvironment(RECORD_DEAD_LETTER_QUEUE_URL, this.recordDeadLetterQueue.queueUrl);
    props.consumer.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'setRecordsAside',
        actions: ['sqs:SendMessage'],
        resources: [this.recordDeadLetterQueue.queueArn],
      }),
    );
    this.mappings = props.sources.map((source) => {
      const onFailureQueue = encryptedDeadLetterQueue(this, `${source.id}OnFailure`, {
        removalPolicy: props.removalPolicy,
        nagReason:
          'This queue is itself the on-failure (dead-letter) destination of a stream event source mapping.',
      });
      const eventSource = new DynamoEventSource(source.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: d.batchSize,
        maxBatchingWindow: d.maxBatchingWindow,
        parallelizationFactor: d.parallelizationFactor,
        retryAttempts: props.retryAttempts ?? d.retryAttempts,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(onFailureQueue),
      });
      fn.addEventSource(eventSource);
      return { source, mappingId: eventSource.eventSourceMappingId, onFailureQueue };
    });
  }
}
