import { Stack } from 'aws-cdk-lib';
import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct } from 'constructs';
import { heartbeatTopic } from '#contract/fleet';

/** The IoT policy variable that IoT Core resolves to the connected thing's name (a literal `${...}`). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IoT policy variable, not a template
export const THING_NAME_VARIABLE = '${iot:Connection.Thing.ThingName}';

/**
 * The policy document every appliance certificate gets: connect only with the client id of
 * the thing the certificate is attached to, publish only on that thing's heartbeat topic;
 * nothing else (no subscribe, no receive, no shadow, no other topic).
 * @example appliancePolicyDocument(Stack.of(this))
 */
export function appliancePolicyDocument(stack: Stack): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ConnectAsItsOwnThing',
        Effect: 'Allow',
        Action: 'iot:Connect',
        Resource: stack.formatArn({ service: 'iot', resource: 'client', resourceName: THING_NAME_VARIABLE }),
        Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
      },
      {
        Sid: 'PublishItsOwnHeartbeats',
        Effect: 'Allow',
        Action: 'iot:Publish',
        Resource: stack.formatArn({
          service: 'iot',
          resource: 'topic',
          resourceName: heartbeatTopic(THING_NAME_VARIABLE),
        }),
      },
    ],
  };
}

/** Properties of an {@link AppliancePolicy}. */
export interface AppliancePolicyProps {
  /** The policy's name, e.g. `aiops-appliance`; `appliances register` attaches it. */
  readonly policyName: string;
}

/** The IoT policy of {@link appliancePolicyDocument}, named so the registration CLI can attach it. */
export class AppliancePolicy extends Construct {
  public readonly policy: iot.CfnPolicy;
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: AppliancePolicyProps) {
    super(scope, id);
    this.policyName = props.policyName;
    this.policy = new iot.CfnPolicy(this, 'Resource', {
      policyName: props.policyName,
      policyDocument: appliancePolicyDocument(Stack.of(this)),
    });
  }
}
