import { CfnOutput, Duration, type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ALERT_GROUPS_TABLE, alertGroupsTableName } from '#adapters/alert-group-store';
import type { AlarmSeverity } from '#domain/alarm-naming';
import { ALERT_EVENT_SOURCE } from '#domain/alerts/alert-event';
import { type AlertReceiver, routedSeverities } from '#domain/alerts/routing';
import { type AppConfig, functionEnvironment, functionSettings } from '../config.ts';
import { AlertNormaliser } from '../constructs/alert-normaliser.ts';
import { AlertReceiverRoute } from '../constructs/alert-receiver-route.ts';
import type { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { findMonitoredResources } from '../constructs/monitored-resources.ts';
import { ServiceAlarms } from '../constructs/service-alarms.ts';

/** Properties of the {@link AlertingStack}. */
export interface AlertingStackProps extends StackProps {
  /** Deployment settings (`alerting`, prefix, logs, tracing, removal policy). */
  readonly config: AppConfig;
  /** AMP alert manager's SNS topics by severity (the observability stack's `alertTopics`). */
  readonly alertTopics: Readonly<Record<AlarmSeverity, sns.ITopic>>;
  /** Managed Grafana's URL for dashboard links, unless `alerting.grafanaUrl` is set. @default - no dashboard links */
  readonly grafanaUrl?: string;
}

/** The receivers whose delivery function reads a secret the operator fills in. */
type SecretReceiver = 'pagerduty' | 'slack';

/** The secret of each such receiver: what it holds, its names, ids and setting. */
export const RECEIVER_SECRETS = {
  pagerduty: {
    /** Name after `<prefix>/` of a created secret. */
    suffix: 'alerting/pagerduty-routing-key',
    /** The `alerting` setting naming an existing secret instead. */
    setting: 'pagerDutySecret',
    /** Construct id of the secret. */
    id: 'PagerDutyRoutingKey',
    /** Id of the stack output of its ARN. */
    outputId: 'PagerDutySecretArn',
    /** What it holds, in its description. */
    holds: 'PagerDuty Events API v2 routing key',
    /** What it holds, in short (the output's put-secret-value hint). */
    value: 'routing key',
  },
  slack: {
    suffix: 'alerting/slack-webhook-url',
    setting: 'slackSecret',
    id: 'SlackWebhookUrl',
    outputId: 'SlackSecretArn',
    holds: 'Slack incoming webhook URL',
    value: 'webhook URL',
  },
} as const satisfies Record<SecretReceiver, Record<string, string>>;

/**
 * The alert fan-out (DESIGN §1, §7): one alert event on a custom EventBridge bus
 * (`<prefix>-alerts`, archived 7 days for replays) from both producers — AMP alert manager via
 * SNS and this app's CloudWatch alarms via the default bus — normalised by one function; one
 * rule per receiver of the routing table (`alerting.routes`): critical → PagerDuty Events v2,
 * warning → Slack, info → the e-mail topic. Each receiver has a queue, a delivery function with
 * bounded concurrency and a dead-letter queue; an alert groups table (conditional writes, TTL)
 * makes every group page once and resolve once, however many alerts or repeats arrive.
 *
 * Deliveries go through Lambda, not EventBridge API destinations: an API destination's
 * connection keeps the credential in the connection's own secret, and the Slack webhook URL (the
 * secret is the URL itself) would be the destination's endpoint in the template. Here the
 * PagerDuty routing key and the Slack webhook URL stay in Secrets Manager (created holding a
 * placeholder, or existing ones named in `alerting`), read at send time by the function.
 */
export class AlertingStack extends Stack {
  public readonly bus: events.EventBus;
  public readonly groups: dynamodb.TableV2;
  public readonly normaliser: AlertNormaliser;
  /** Errors and throttles of the fan-out's own functions, table and work queues. */
  public readonly alarms: ServiceAlarms;
  public readonly routes: Partial<Record<AlertReceiver, AlertReceiverRoute>>;
  /** The e-mail topic, when a severity routes to e-mail. */
  public readonly emailTopic?: sns.Topic;
  /** Secrets by receiver (created or referenced), for the receivers in use. */
  public readonly secrets: Partial<Record<SecretReceiver, secretsmanager.ISecret>>;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    const { config } = props;
    const alerting = config.alerting;
    const shared = functionSettings(config);
    const { removalPolicy } = shared;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `${config.prefix}-alerts` });
    this.bus.archive('Archive', {
      archiveName: `${config.prefix}-alerts`,
      description: 'Alert events, for replays',
      eventPattern: { source: [ALERT_EVENT_SOURCE] },
      retention: Duration.days(7),
    });
    this.groups = new dynamodb.TableV2(this, 'AlertGroups', {
      tableName: alertGroupsTableName(config.prefix),
      partitionKey: { name: ALERT_GROUPS_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: ALERT_GROUPS_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy,
    });

    const region = Stack.of(this).region;
    const grafanaUrl = alerting.grafanaUrl ?? props.grafanaUrl;
    this.normaliser = new AlertNormaliser(this, 'Normaliser', {
      prefix: config.prefix,
      bus: this.bus,
      topics: Object.values(props.alertTopics),
      environment: {
        ...(alerting.runbookBaseUrl ? { RUNBOOK_BASE_URL: alerting.runbookBaseUrl } : {}),
        ...(grafanaUrl ? { GRAFANA_URL: grafanaUrl } : {}),
        TRACE_URL_TEMPLATE:
          alerting.traceUrlTemplate ??
          `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#xray:traces/{traceId}`,
      },
      ...shared,
    });

    const routed = routedSeverities(alerting.routes);
    this.secrets = {};
    const secretFor = (receiver: SecretReceiver) => {
      const existing = alerting[RECEIVER_SECRETS[receiver].setting];
      const secret = this.receiverSecret(
        receiver,
        existing,
        `${config.prefix}/${RECEIVER_SECRETS[receiver].suffix}`,
        removalPolicy,
      );
      this.secrets[receiver] = secret;
      // What GetSecretValue takes: the name or ARN given, or the created secret's full ARN (a
      // secret referenced by name has an ARN ending in `-??????`, fine in IAM but not as an id).
      return { secret, secretId: existing ?? secret.secretArn };
    };
    // A secret referenced by name has an ARN ending in six random characters the name cannot
    // know: IAM matches them with `-??????`.
    const readSecret = (secret: secretsmanager.ISecret, secretId: string) =>
      new iam.PolicyStatement({
        sid: 'readReceiverSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          secretId.startsWith('arn:') || secretId === secret.secretArn
            ? secret.secretArn
            : `${secret.secretArn}-??????`,
        ],
      });
    if (routed.email) {
      this.emailTopic = new sns.Topic(this, 'EmailTopic', {
        topicName: `${config.prefix}-alerts-email`,
        displayName: `${config.prefix} alerts`,
        masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
        enforceSSL: true,
      });
      if (alerting.email)
        this.emailTopic.addSubscription(new subscriptions.EmailSubscription(alerting.email));
    }
    const receiverSettings = (
      receiver: AlertReceiver,
    ): { env: Record<string, string>; grants: iam.PolicyStatement[] } => {
      switch (receiver) {
        case 'pagerduty': {
          const { secret, secretId } = secretFor('pagerduty');
          return {
            env: {
              PAGERDUTY_ROUTING_KEY_SECRET: secretId,
              PAGERDUTY_EVENTS_URL: alerting.pagerDutyEventsUrl,
            },
            grants: [readSecret(secret, secretId)],
          };
        }
        case 'slack': {
          const { secret, secretId } = secretFor('slack');
          return { env: { SLACK_WEBHOOK_SECRET: secretId }, grants: [readSecret(secret, secretId)] };
        }
        case 'email': {
          const topic = this.emailTopic as sns.Topic;
          return {
            env: { ALERT_EMAIL_TOPIC_ARN: topic.topicArn },
            grants: [
              new iam.PolicyStatement({
                sid: 'publishEmail',
                actions: ['sns:Publish'],
                resources: [topic.topicArn],
              }),
            ],
          };
        }
      }
    };
    const env = functionEnvironment(config) as Record<string, string>;
    this.routes = {};
    for (const [receiver, severities] of Object.entries(routed) as [AlertReceiver, AlarmSeverity[]][]) {
      const settings = receiverSettings(receiver);
      this.routes[receiver] = new AlertReceiverRoute(
        this,
        `${receiver.charAt(0).toUpperCase()}${receiver.slice(1)}Route`,
        {
          prefix: config.prefix,
          receiver,
          severities,
          bus: this.bus,
          groups: this.groups,
          environment: {
            TABLE_PREFIX: env.TABLE_PREFIX as string,
            ALERT_GROUP_BY: alerting.groupBy.join(','),
            ...settings.env,
          },
          grants: settings.grants,
          concurrency: alerting.deliveryConcurrency,
          ...shared,
        },
      );
    }

    // The fan-out is built after the observability stack, so it watches its own functions,
    // table and work queues (its dead-letter queues have their alarms already).
    const found = findMonitoredResources(this);
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      prefix: config.prefix,
      resources: { ...found, queues: [], onFailureQueues: [], httpApis: [] },
      thresholds: config.alarms,
      dashboard: false,
    });

    new CfnOutput(this, 'AlertBusName', {
      value: this.bus.eventBusName,
      description: 'Custom bus of normalised alert events',
    });
    for (const [receiver, secret] of Object.entries(this.secrets) as [
      SecretReceiver,
      secretsmanager.ISecret,
    ][]) {
      new CfnOutput(this, RECEIVER_SECRETS[receiver].outputId, {
        value: secret.secretArn,
        description: `Set with: aws secretsmanager put-secret-value --secret-id <this> --secret-string '<${RECEIVER_SECRETS[receiver].value}>'`,
      });
    }
    if (this.emailTopic)
      new CfnOutput(this, 'EmailTopicArn', {
        value: this.emailTopic.topicArn,
        description: 'Subscribe e-mail addresses here',
      });
  }

  /** Every dead-letter queue of the fan-out. */
  public get deadLetters(): DeadLetterQueue[] {
    return [...this.normaliser.deadLetters, ...Object.values(this.routes).map((r) => r.deadLetters)];
  }

  /**
   * The receiver's secret: an existing one (name or ARN from the settings), or one created here
   * holding a JSON placeholder (the delivery function refuses it and says how to set the value).
   */
  private receiverSecret(
    receiver: SecretReceiver,
    existing: string | undefined,
    secretName: string,
    removalPolicy: RemovalPolicy,
  ): secretsmanager.ISecret {
    const { id, holds } = RECEIVER_SECRETS[receiver];
    if (existing) {
      return existing.startsWith('arn:')
        ? secretsmanager.Secret.fromSecretCompleteArn(this, id, existing)
        : secretsmanager.Secret.fromSecretNameV2(this, id, existing);
    }
    const secret = new secretsmanager.Secret(this, id, {
      secretName,
      description: `${holds} of the alert fan-out; set the value with aws secretsmanager put-secret-value`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          placeholder: 'replace this whole value with aws secretsmanager put-secret-value',
        }),
        generateStringKey: 'unused',
      },
      removalPolicy,
    });
    Validations.of(secret.node.defaultChild ?? secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A third-party credential (PagerDuty integration key or Slack webhook URL) issued by that service: it is rotated there and put here by the operator; no rotation Lambda can mint one.',
    });
    return secret;
  }
}
