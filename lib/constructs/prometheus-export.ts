import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedDeadLetterQueue } from './dead-letter-queue.ts';
import type { PowertoolsFunction } from './powertools-function.ts';
import { acknowledgeInvokeOfVersions } from './provider.ts';

/** Properties of a {@link PrometheusExport}. */
export interface PrometheusExportProps {
  /** The workspace alias, e.g. `aiops`. */
  readonly alias: string;
  /** The exporter function; gets `REMOTE_WRITE_URL`, `REMOTE_WRITE_SIGV4_REGION` and `aps:RemoteWrite`. */
  readonly exporter: PowertoolsFunction;
  /** What happens to the schedule's dead-letter queue when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Amazon Managed Prometheus fed by one writer: the workspace, the exporter's remote-write
 * URL and permission on that workspace only, and an EventBridge Scheduler schedule invoking
 * the exporter every minute (2 retries within 2 minutes, since an older snapshot is stale
 * anyway; then an encrypted dead-letter queue).
 *
 * @example new PrometheusExport(this, 'Prometheus', { alias: 'aiops', exporter, removalPolicy });
 */
export class PrometheusExport extends Construct {
  public readonly workspace: aps.CfnWorkspace;
  /** `<workspace endpoint>api/v1/remote_write`. */
  public readonly remoteWriteUrl: string;
  public readonly schedule: scheduler.Schedule;
  /** Invocations the scheduler gave up on. */
  public readonly scheduleDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: PrometheusExportProps) {
    super(scope, id);
    this.workspace = new aps.CfnWorkspace(this, 'Workspace', { alias: props.alias });
    // attrPrometheusEndpoint ends with a slash: https://aps-workspaces.<region>.amazonaws.com/workspaces/ws-.../
    this.remoteWriteUrl = `${this.workspace.attrPrometheusEndpoint}api/v1/remote_write`;
    const fn = props.exporter;
    fn.function.addEnvironment('REMOTE_WRITE_URL', this.remoteWriteUrl);
    fn.function.addEnvironment('REMOTE_WRITE_SIGV4_REGION', Stack.of(this).region);
    fn.addToDataPolicy(
      new iam.PolicyStatement({
        sid: 'remoteWrite',
        actions: ['aps:RemoteWrite'],
        resources: [this.workspace.attrArn],
      }),
    );
    this.scheduleDeadLetterQueue = encryptedDeadLetterQueue(this, 'ScheduleDeadLetters', {
      removalPolicy: props.removalPolicy,
      nagReason: "This queue is itself the dead-letter queue of the exporter's schedule target.",
    });
    // Its own role so the invoke permission sits on a policy that holds nothing else.
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the aiops exporter',
    });
    this.schedule = new scheduler.Schedule(this, 'EveryMinute', {
      description: 'Remote-writes the current metric values to Amazon Managed Prometheus',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      target: new targets.LambdaInvoke(fn.function, {
        retryAttempts: 2,
        maxEventAge: Duration.minutes(2),
        deadLetterQueue: this.scheduleDeadLetterQueue,
        role,
      }),
    });
    acknowledgeInvokeOfVersions(
      role,
      fn.function,
      'lambda:InvokeFunction on the versions and aliases of the exporter only (its ARN with ":*"), ' +
        'which the scheduler target grants alongside the unqualified ARN; no other function.',
    );
  }
}
