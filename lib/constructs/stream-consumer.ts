import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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
  /** The iterator-age alarm fires above this age. @default Duration.seconds(60) */
  readonly iteratorAgeThreshold?: Duration;
  /** What happens to the on-failure queues when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The mapping of one source, its on-failure queue and that queue's alarm. */
export interface StreamMapping {
  readonly source: StreamSource;
  /** The event source mapping's id (its UUID once deployed). */
  readonly mappingId: string;
  /** Where Lambda sends the metadata of a batch that kept failing. */
  readonly onFailureQueue: sqs.Queue;
  /** In alarm while the queue holds any message. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
}

/** Every setting of the event source mappings, for tests and for the local stack to mirror. */
export const STREAM_MAPPING_DEFAULTS = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(1),
  parallelizationFactor: 1,
  retryAttempts: 5,
  iteratorAgeThreshold: Duration.seconds(60),
  queueRetention: Duration.days(14),
} as const;

/**
 * A Lambda consuming DynamoDB streams the way the pipeline needs: per source an event
 * source mapping from the oldest record (TRIM_HORIZON), batches of 100 within 1 s, one
 * batch per shard at a time (order per key), retries with bisection and partial batch
 * failures, and an encrypted SQS on-failure queue with an alarm; plus an alarm on the
 * function's iterator age. Alarms have no action yet.
 *
 * @example
 * new StreamConsumer(this, 'Aggregator', { consumer: aggregator, sources: [{ id: 'Decisions', table }] });
 */
export class StreamConsumer extends Construct {
  /** One entry per source, in the order given. */
  public readonly mappings: readonly StreamMapping[];
  /**
   * In alarm while the oldest record read is older than the threshold. Lambda publishes
   * `IteratorAge` per function (the maximum over its mappings), not per mapping.
   */
  public readonly iteratorAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const fn = props.consumer.function;
    const d = STREAM_MAPPING_DEFAULTS;
    this.mappings = props.sources.map((source) => {
      const onFailureQueue = new sqs.Queue(this, `${source.id}OnFailure`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: d.queueRetention,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      Validations.of(onFailureQueue.node.defaultChild ?? onFailureQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
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
      const deadLetterAlarm = new cloudwatch.Alarm(this, `${source.id}OnFailureAlarm`, {
        alarmDescription: `Stream records of ${source.id} failed for good in ${fn.node.path}; the queue holds their positions`,
        metric: onFailureQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      return { source, mappingId: eventSource.eventSourceMappingId, onFailureQueue, deadLetterAlarm };
    });
    const threshold = props.iteratorAgeThreshold ?? d.iteratorAgeThreshold;
    this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription: `${fn.node.path} lags its streams by more than ${threshold.toSeconds()} s`,
      metric: fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: threshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Every alarm: one per on-failure queue, then the iterator age. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.mappings.map((m) => m.deadLetterAlarm), this.iteratorAgeAlarm];
  }
}
