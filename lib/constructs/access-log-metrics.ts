import type { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedDeadLetterQueue, sendFailedInvocationsTo } from './dead-letter-queue.ts';
import type { PowertoolsFunction } from './powertools-function.ts';

/** Properties of an {@link AccessLogMetrics}. */
export interface AccessLogMetricsProps {
  /** The access-log metrics function (`lambdas/entries/access-log-metrics.ts`). */
  readonly fn: PowertoolsFunction;
  /** The API stage's access log group. */
  readonly accessLogs: logs.ILogGroup;
  /** Lambda's retries of a failed delivery before it goes to the queue. @default 2 */
  readonly retryAttempts?: number;
  /** What happens to the on-failure queue when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * API latency measured off the request path: a CloudWatch Logs subscription filter sends
 * every access log event to the access-log metrics function (one asynchronous invocation
 * per delivered batch), which Lambda retries and, when it keeps failing, hands to an
 * encrypted SQS on-failure queue instead of dropping it.
 *
 * @example new AccessLogMetrics(this, 'AccessLogMetrics', { fn, accessLogs: api.accessLogs });
 */
export class AccessLogMetrics extends Construct {
  public readonly subscription: logs.SubscriptionFilter;
  /** Deliveries the function failed on after its retries. */
  public readonly onFailureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: AccessLogMetricsProps) {
    super(scope, id);
    this.onFailureQueue = encryptedDeadLetterQueue(this, 'OnFailure', {
      removalPolicy: props.removalPolicy,
      nagReason:
        'This queue is itself the on-failure destination of the access-log metrics function (asynchronous invocations).',
    });
    sendFailedInvocationsTo(props.fn.function, this.onFailureQueue, props.retryAttempts);
    this.subscription = new logs.SubscriptionFilter(this, 'Subscription', {
      logGroup: props.accessLogs,
      destination: new LambdaDestination(props.fn.function),
      filterPattern: logs.FilterPattern.allEvents(),
    });
  }
}
