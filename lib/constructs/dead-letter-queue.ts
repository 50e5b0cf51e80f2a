import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AlarmSeverity, alarmDescription, alarmName } from '#domain/alarm-naming';

/** Options of {@link encryptedDeadLetterQueue}. */
export interface EncryptedDeadLetterQueueOptions {
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Why the queue has no dead-letter queue of its own (the AwsSolutions-SQS3 acknowledgement). */
  readonly nagReason: string;
  /** Largest message, in bytes (1,024 to 1,048,576). @default SQS's default, 262,144 */
  readonly maxMessageSizeBytes?: number;
}

/**
 * A queue that catches what failed elsewhere: SQS-managed encryption, TLS only, 14 days'
 * retention, and cdk-nag's AwsSolutions-SQS3 (no dead-letter queue) acknowledged with the reason.
 * @example encryptedDeadLetterQueue(this, 'OnFailure', { removalPolicy, nagReason: 'This queue is itself ...' });
 */
export function encryptedDeadLetterQueue(
  scope: Construct,
  id: string,
  options: EncryptedDeadLetterQueueOptions,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
    ...(options.maxMessageSizeBytes ? { maxMessageSizeBytes: options.maxMessageSizeBytes } : {}),
  });
  Validations.of(queue.node.defaultChild ?? queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: options.nagReason,
  });
  return queue;
}

/**
 * Asynchronous invocations of the function are retried twice (or `retryAttempts` times); one
 * that still fails, or waited over 6 hours, goes to the queue.
 */
export function sendFailedInvocationsTo(fn: lambda.IFunction, queue: sqs.IQueue, retryAttempts = 2): void {
  fn.configureAsyncInvoke({
    retryAttempts,
    maxEventAge: Duration.hours(6),
    onFailure: new SqsDestination(queue),
  });
}

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** Alarm names start with it. */
  readonly prefix: string;
  /** What the queue catches, in the alarm's name (`alerting-<what>`) and description. */
  readonly what: string;
  /** Severity of the alarm on its depth. @default 'warning' */
  readonly severity?: AlarmSeverity;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A dead-letter queue (SSE, TLS only, 14 days) with an alarm on any visible message, named by
 * the app's alarm convention so the alert fan-out routes it like any other alarm.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const severity = props.severity ?? 'warning';
    this.queue = encryptedDeadLetterQueue(this, 'Queue', {
      removalPolicy: props.removalPolicy,
      nagReason:
        'This queue is itself a dead-letter destination of the alert fan-out (no dead letters of dead letters).',
    });
    this.alarm = this.queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
      .createAlarm(this, 'Alarm', {
        alarmName: alarmName(props.prefix, `alerting-${props.what}-dead-letters`, severity),
        alarmDescription: alarmDescription(
          props.prefix,
          severity,
          `alert fan-out: ${props.what} has dead letters (an alert was not delivered)`,
        ),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        actionsEnabled: false,
      });
  }
}
