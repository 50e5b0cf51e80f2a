import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/** Properties of {@link customResourceProvider}. */
export interface CustomResourceProviderProps {
  /** The function that handles the custom resource's events. */
  readonly onEventHandler: lambda.IFunction;
  /** The provider framework's log group; its role may write there. */
  readonly logGroup: logs.ILogGroup;
  /** What the provider serves, in its role's description, e.g. `Grafana provisioning`. */
  readonly purpose: string;
  /** What the handler is called in the acknowledgement, e.g. `provisioner` (`the one provisioner function`). */
  readonly handlerName: string;
}

/**
 * A `custom_resources.Provider` (`Provider`) whose framework function runs with its own role
 * (`FrameworkRole`, no AWS managed policy) writing to the given log group, and cdk-nag's
 * AwsSolutions-IAM5 on the handler's versions and aliases acknowledged.
 * @example customResourceProvider(this, { onEventHandler: fn, logGroup, purpose: 'replica schema', handlerName: 'migrate' });
 */
export function customResourceProvider(scope: Construct, props: CustomResourceProviderProps): cr.Provider {
  const frameworkRole = new iam.Role(scope, 'FrameworkRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the ${props.purpose} provider framework`,
  });
  props.logGroup.grantWrite(frameworkRole);
  const provider = new cr.Provider(scope, 'Provider', {
    onEventHandler: props.onEventHandler,
    logGroup: props.logGroup,
    frameworkOnEventRole: frameworkRole,
  });
  acknowledgeInvokeOfVersions(
    frameworkRole,
    props.onEventHandler,
    `lambda:InvokeFunction on the versions and aliases of the one ${props.handlerName} function (its ARN with ":*"), ` +
      'which the provider framework grants alongside the unqualified ARN; no other function.',
  );
  return provider;
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 on `<function ARN>:*` in the role's default policy:
 * granting `lambda:InvokeFunction` on a function adds its versions and aliases to the unqualified ARN.
 */
export function acknowledgeInvokeOfVersions(role: iam.Role, fn: lambda.IFunction, reason: string): void {
  const fnArn = Stack.of(role).resolve(fn.functionArn) as { 'Fn::GetAtt': [string] };
  Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${fnArn['Fn::GetAtt'][0]}.Arn>:*]`,
    reason,
  });
}
