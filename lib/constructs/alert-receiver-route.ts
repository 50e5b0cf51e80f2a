import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlarmSeverity } from '#domain/alarm-naming';
import { ALERT_DETAIL_TYPE, ALERT_EVENT_SOURCE } from '#domain/alerts/alert-event';
import type { AlertReceiver } from '#domain/alerts/routing';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { PowertoolsFunction } from './powertools-function.ts';

/** Delivery function timeout; the queue's visibility timeout is six times it (AWS's advice). */
const TIMEOUT = Duration.seconds(30);
/** Receives of a message before it becomes a dead letter (about 15 minutes of retries). */
export const MAX_RECEIVE_COUNT = 5;

/** Properties of an {@link AlertReceiverRoute}. */
export interface AlertReceiverRouteProps {
  readonly prefix: string;
  readonly receiver: AlertReceiver;
  /** Severities routed to the receiver. */
  readonly severities: readonly AlarmSeverity[];
  readonly bus: events.IEventBus;
  /** The alert groups table (grouping and exactly-once state). */
  readonly groups: dynamodb.ITableV2;
  /** Environment of the delivery function (table prefix, group labels, the receiver's settings). */
  readonly environment: Readonly<Record<string, string>>;
  /** What the function may read or call besides the table (the receiver's secret or topic). */
  readonly grants: readonly iam.PolicyStatement[];
  /** Maximum concurrent deliveries (SQS event source maximum concurrency). */
  readonly concurrency: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly tracing: boolean;
}

/**
 * One receiver's path: a rule on the alerts bus matching its severities → an SQS queue (the
 * rule's target, with a dead-letter queue for events EventBridge cannot deliver) → the
 * `alert-delivery` function for this receiver, at most `concurrency` at a time (the rate
 * limit), reporting batch item failures; a message failing {@link MAX_RECEIVE_COUNT} times
 * moves to the same dead-letter queue. The function has no asynchronous invoker, so it needs no
 * on-failure destination of its own.
 */
export class AlertReceiverRoute extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetters: DeadLetterQueue;
  public readonly fn: PowertoolsFunction;
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: AlertReceiverRouteProps) {
    super(scope, id);
    const { receiver } = props;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      prefix: props.prefix,
      what: receiver,
      removalPolicy: props.removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters.queue, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: props.removalPolicy,
    });
    this.fn = new PowertoolsFunction(this, 'Function', {
      name: 'alert-delivery',
      serviceName: `alert-delivery-${receiver}`,
      description: `aiops alert delivery to ${receiver}`,
      timeout: TIMEOUT,
      memorySize: 256,
      environment: { ...props.environment, ALERT_RECEIVER: receiver },
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      tracing: props.tracing,
    });
    this.fn.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'alertGroups',
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [props.groups.tableArn],
      }),
    );
    for (const statement of props.grants) this.fn.addToDataPolicy(statement);
    this.fn.function.addEventSource(
      new sources.SqsEventSource(this.queue, {
        batchSize: 5,
        maxConcurrency: props.concurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${props.severities.join(', ')} alerts to ${receiver}`,
      eventPattern: {
        source: [ALERT_EVENT_SOURCE],
        detailType: [ALERT_DETAIL_TYPE],
        detail: { severity: [...props.severities] },
      },
      targets: [
        new targets.SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetters.queue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
  }
}
