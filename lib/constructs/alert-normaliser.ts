import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { deploymentMarker } from '#domain/alarm-naming';
import { DeadLetterQueue, sendFailedInvocationsTo } from './dead-letter-queue.ts';
import { PowertoolsFunction } from './powertools-function.ts';

/** Properties of an {@link AlertNormaliser}. */
export interface AlertNormaliserProps {
  readonly prefix: string;
  /** The alerts bus the function puts alert events on. */
  readonly bus: events.IEventBus;
  /** AMP alert manager's SNS topics to subscribe to. */
  readonly topics: readonly sns.ITopic[];
  /** Link settings and the like (`RUNBOOK_BASE_URL`, `GRAFANA_URL`, ...). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly tracing: boolean;
}

/**
 * The producers' side of the fan-out: the `alert-normaliser` function subscribed to AMP alert
 * manager's topics (SNS redrive to a dead-letter queue) and the target of a rule on the
 * default bus for this app's CloudWatch alarm state changes (alarms named `<prefix>-…`, ALARM
 * and OK only; target dead-letter queue). Both invoke it asynchronously: two retries, then
 * Lambda's on-failure destination, a third queue. Each queue alarms on any message.
 */
export class AlertNormaliser extends Construct {
  public readonly fn: PowertoolsFunction;
  public readonly alarmRule: events.Rule;
  /** Dead letters of the SNS subscriptions, the default-bus rule and the function's async invocations. */
  public readonly deadLetters: readonly DeadLetterQueue[];

  constructor(scope: Construct, id: string, props: AlertNormaliserProps) {
    super(scope, id);
    const dlq = (dlqId: string, what: string) =>
      new DeadLetterQueue(this, dlqId, { prefix: props.prefix, what, removalPolicy: props.removalPolicy });
    const snsDeadLetters = dlq('SubscriptionDeadLetters', 'amp-subscriptions');
    const ruleDeadLetters = dlq('AlarmRuleDeadLetters', 'alarm-rule');
    const asyncDeadLetters = dlq('NormaliserDeadLetters', 'normaliser');
    this.deadLetters = [snsDeadLetters, ruleDeadLetters, asyncDeadLetters];

    this.fn = new PowertoolsFunction(this, 'Function', {
      name: 'alert-normaliser',
      description: 'aiops alert normaliser: AMP alert manager (SNS) and CloudWatch alarms → alerts bus',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { ...props.environment, ALERT_BUS_NAME: props.bus.eventBusName },
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      tracing: props.tracing,
    });
    sendFailedInvocationsTo(this.fn.function, asyncDeadLetters.queue);
    this.fn.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'putAlertEvents',
        actions: ['events:PutEvents'],
        resources: [props.bus.eventBusArn],
      }),
    );
    for (const topic of props.topics) {
      topic.addSubscription(
        new subscriptions.LambdaSubscription(this.fn.function, { deadLetterQueue: snsDeadLetters.queue }),
      );
    }
    this.alarmRule = new events.Rule(this, 'AlarmStateChanges', {
      description: `CloudWatch alarm state changes of ${props.prefix} alarms (ALARM, OK) to the alert normaliser`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: events.Match.prefix(`${props.prefix}-`),
          // The name's prefix alone would also match a deployment named `<prefix>-staging`.
          configuration: { description: events.Match.suffix(deploymentMarker(props.prefix)) },
          state: { value: ['ALARM', 'OK'] },
        },
      },
      targets: [
        new targets.LambdaFunction(this.fn.function, {
          deadLetterQueue: ruleDeadLetters.queue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
  }
}
