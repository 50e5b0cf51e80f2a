import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as aps from 'aws-cdk-lib/aws-aps';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_SEVERITIES, type AlarmSeverity } from '#domain/alarm-naming';
import { alertManagerDefinition } from './alertmanager-definition.ts';

/** Properties of an {@link AmpAlerting}. */
export interface AmpAlertingProps {
  /** Topic names start with it: `${prefix}-alerts-critical`. */
  readonly prefix: string;
  /** The AMP workspace whose alert manager publishes to the topics (its definition is set here). */
  readonly workspace: aps.CfnWorkspace;
  /** What happens to the key when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * AMP's alert manager and where it sends: one SNS topic per severity (`critical`, `warning`,
 * `info`), encrypted with a customer managed key (rotated) that AMP may use, TLS only, each
 * with a topic policy letting this workspace alone publish; and the workspace's alert manager
 * definition routing by the `severity` label (see `alertManagerDefinition`).
 *
 * It lives beside the workspace because CloudFormation has the alert manager definition only
 * as a property of `AWS::APS::Workspace`, and the definition names the topics: anywhere else
 * the two stacks would depend on each other. Subscribers (the alert fan-out) take the topics
 * from {@link AmpAlerting.topics}; SNS decrypts before delivering to Lambda, so a subscribed
 * function needs no key permission.
 *
 * @example new AmpAlerting(this, 'Alerting', { prefix: 'aiops', workspace: prometheus.workspace });
 */
export class AmpAlerting extends Construct {
  /** The key of the topics. */
  public readonly key: kms.Key;
  /** One topic per severity. */
  public readonly topics: Readonly<Record<AlarmSeverity, sns.Topic>>;

  constructor(scope: Construct, id: string, props: AmpAlertingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const workspaceArn = props.workspace.attrArn;
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.prefix} alert topics (AMP alert manager)`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // The key policy cannot name the workspace: the workspace names the topics, which name
    // the key (a cycle). It names the account's workspaces instead; the topic policies below
    // name this one.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AmpAlertManagerEncrypts',
        principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'aps', resource: 'workspace', resourceName: '*' }),
          },
        },
      }),
    );
    const topic = (severity: AlarmSeverity) => {
      const created = new sns.Topic(this, capitalise(severity), {
        topicName: `${props.prefix}-alerts-${severity}`,
        displayName: `${props.prefix} ${severity} alerts`,
        masterKey: this.key,
        enforceSSL: true,
      });
      created.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AmpAlertManagerPublishes',
          principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
          actions: ['sns:Publish', 'sns:GetTopicAttributes'],
          resources: [created.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnEquals: { 'aws:SourceArn': workspaceArn },
          },
        }),
      );
      return [severity, created] as const;
    };
    this.topics = Object.fromEntries(ALARM_SEVERITIES.map(topic)) as Record<AlarmSeverity, sns.Topic>;
    props.workspace.alertManagerDefinition = alertManagerDefinition({
      region: stack.region,
      topicArns: Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, this.topics[s].topicArn])) as Record<
        AlarmSeverity,
        string
      >,
    });
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
