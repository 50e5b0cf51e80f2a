import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APPLIANCES_TABLE, METRICS_TABLE } from '#adapters/dynamodb-tables';
import { HEARTBEAT_TOPIC_FILTER } from '#contract/fleet';
import { type AppConfig, functionEnvironment, functionSettings } from '../config.ts';
import { AppliancePolicy } from '../constructs/appliance-policy.ts';
import { encryptedDeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { PowertoolsFunction } from '../constructs/powertools-function.ts';
import { grantTableAccess } from '../constructs/table-access.ts';
import type { AppTables } from './data-stack.ts';

/**
 * The heartbeat rule's SQL: the payload untouched (base64, so a payload that is not JSON
 * still reaches the function and is refused there with a reason), the topic, the client id,
 * the certificate the message was signed with (`principal()`: the function files only the
 * current registration's certificate under the thing's tenant, and a new registration's first
 * message misses every instance's tenant cache) and the broker's receive time; nothing from
 * the payload is trusted for identity.
 */
export const HEARTBEAT_RULE_SQL = `SELECT encode(*, 'base64') AS payload, topic() AS topic, clientid() AS clientId, principal() AS principal, timestamp() AS receivedAtMs FROM '${HEARTBEAT_TOPIC_FILTER}'`;

/** The lifecycle topics the presence rules read. */
export const PRESENCE_TOPICS = {
  connected: '$aws/events/presence/connected/+',
  disconnected: '$aws/events/presence/disconnected/+',
} as const;

/** The functions of the fleet stack. */
export type FleetFunctionName = 'iot-heartbeat' | 'iot-presence';

/** Properties of the {@link FleetStack}. */
export interface FleetStackProps extends StackProps {
  /** Deployment settings. */
  readonly config: AppConfig;
  /** The tables of the data stack (the appliances table is written). */
  readonly tables: AppTables;
}

/**
 * Appliances over MQTT with AWS IoT Core: the appliance policy (`<prefix>-appliance`: connect
 * as its own thing, publish only its own heartbeats), a topic rule sending heartbeats to the
 * `iot-heartbeat` function (the same core as `POST /v1/heartbeats`; the tenant is the thing's
 * `tenant` attribute), two rules sending lifecycle events to `iot-presence`, and one encrypted
 * dead-letter queue for rule actions that fail and for events the functions fail on after
 * Lambda's retries.
 */
export class FleetStack extends Stack {
  public readonly functions: Readonly<Record<FleetFunctionName, PowertoolsFunction>>;
  public readonly appliancePolicy: AppliancePolicy;
  public readonly rules: Readonly<Record<'heartbeats' | 'connected' | 'disconnected', iot.CfnTopicRule>>;
  /** Failed rule actions and failed asynchronous invocations. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FleetStackProps) {
    super(scope, id, props);
    const { config, tables } = props;
    const settings = functionSettings(config);
    this.appliancePolicy = new AppliancePolicy(this, 'AppliancePolicy', {
      policyName: `${config.prefix}-appliance`,
    });

    this.deadLetterQueue = encryptedDeadLetterQueue(this, 'DeadLetters', {
      removalPolicy: settings.removalPolicy,
      nagReason:
        "This queue is itself the fleet's dead-letter queue (failed rule actions and failed invocations).",
    });

    const fn = (name: FleetFunctionName, description: string) => {
      const f = new PowertoolsFunction(this, name === 'iot-heartbeat' ? 'IotHeartbeat' : 'IotPresence', {
        name,
        description,
        environment: functionEnvironment(config) as Record<string, string>,
        ...settings,
        memorySize: 256,
      });
      grantTableAccess(f, tables.appliances, APPLIANCES_TABLE, 'write');
      f.addToDataPolicy(
        new iam.PolicyStatement({
          sid: 'describeThings',
          actions: ['iot:DescribeThing'],
          resources: [this.formatArn({ service: 'iot', resource: 'thing', resourceName: '*' })],
        }),
      );
      // IoT Core invokes asynchronously: two retries, then the event goes to the dead-letter queue.
      f.function.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      });
      return f;
    };
    this.functions = {
      'iot-heartbeat': fn('iot-heartbeat', 'aiops heartbeats from IoT Core (topic rule)'),
      'iot-presence': fn('iot-presence', 'aiops appliance connects and disconnects (lifecycle events)'),
    };
    // Heartbeats admit their service names under the tenant's label bound (metrics table).
    grantTableAccess(this.functions['iot-heartbeat'], tables.metrics, METRICS_TABLE, 'write');
    grantTableAccess(this.functions['iot-heartbeat'], tables.metrics, METRICS_TABLE, 'query');
    for (const f of Object.values(this.functions)) {
      Validations.of(f.node.findChild('DataPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iot:<AWS::Region>:<AWS::AccountId>:thing/*]`,
        reason:
          'iot:DescribeThing (read-only) on the things of this account: the tenant of a message is the ' +
          "sending thing's attribute, and thing names are known only when a message arrives.",
      });
    }

    const errorRole = new iam.Role(this, 'RuleErrorRole', {
      assumedBy: new iam.ServicePrincipal('iot.amazonaws.com'),
      description: "Lets the fleet's topic rules put failed messages in the dead-letter queue",
    });
    this.deadLetterQueue.grantSendMessages(errorRole);
    const ruleName = (suffix: string) => `${config.prefix.replace(/-/g, '_')}_${suffix}`;
    const rule = (
      id: string,
      suffix: string,
      sql: string,
      target: PowertoolsFunction,
      description: string,
    ) => {
      const r = new iot.CfnTopicRule(this, id, {
        ruleName: ruleName(suffix),
        topicRulePayload: {
          description,
          sql,
          awsIotSqlVersion: '2016-03-23',
          ruleDisabled: false,
          actions: [{ lambda: { functionArn: target.function.functionArn } }],
          errorAction: {
            sqs: { queueUrl: this.deadLetterQueue.queueUrl, roleArn: errorRole.roleArn, useBase64: false },
          },
        },
      });
      target.function.addPermission(`InvokedBy${id}`, {
        principal: new iam.ServicePrincipal('iot.amazonaws.com'),
        sourceArn: r.attrArn,
        sourceAccount: this.account,
      });
      r.node.addDependency(errorRole);
      return r;
    };
    this.rules = {
      heartbeats: rule(
        'HeartbeatRule',
        'heartbeats',
        HEARTBEAT_RULE_SQL,
        this.functions['iot-heartbeat'],
        'Appliance heartbeats to the heartbeat function',
      ),
      connected: rule(
        'ConnectedRule',
        'presence_connected',
        `SELECT * FROM '${PRESENCE_TOPICS.connected}'`,
        this.functions['iot-presence'],
        'Appliance connects to the presence function',
      ),
      disconnected: rule(
        'DisconnectedRule',
        'presence_disconnected',
        `SELECT * FROM '${PRESENCE_TOPICS.disconnected}'`,
        this.functions['iot-presence'],
        'Appliance disconnects to the presence function',
      ),
    };

    new CfnOutput(this, 'AppliancePolicyName', {
      value: this.appliancePolicy.policyName,
      description: 'IoT policy that `aiops-obs appliances register` attaches to each certificate',
    });
    new CfnOutput(this, 'HeartbeatTopic', {
      value: HEARTBEAT_TOPIC_FILTER,
      description: 'Appliances publish heartbeats on aiops/appliances/<thing name>/heartbeat',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}
