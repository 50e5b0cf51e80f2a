import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreateKeysAndCertificateCommand,
  CreateThingCommand,
  DeleteCertificateCommand,
  DeleteThingCommand,
  DescribeEndpointCommand,
  DescribeThingCommand,
  DetachPolicyCommand,
  DetachThingPrincipalCommand,
  type IoTClient,
  ListAttachedPoliciesCommand,
  ListThingPrincipalsCommand,
  ResourceNotFoundException,
  UpdateCertificateCommand,
} from '@aws-sdk/client-iot';
import { CERTIFICATE_ATTRIBUTE, TENANT_ATTRIBUTE, TENANT_PATTERN, THING_NAME_PATTERN } from '#contract/fleet';
import { withRetries } from '../local/with-retries.ts';

/** What registering an appliance with IoT Core produced; the private key exists nowhere else. */
export interface IotRegistration {
  readonly thingName: string;
  readonly thingArn: string;
  readonly tenant: string;
  readonly certificateArn: string;
  readonly certificateId: string;
  readonly certificatePem: string;
  readonly privateKey: string;
  /** The account's ATS data endpoint, e.g. `abc123-ats.iot.eu-west-1.amazonaws.com`. */
  readonly endpoint: string;
  readonly policyName: string;
}

/**
 * Registers an appliance with IoT Core: a new key pair and active certificate, a thing named
 * after the appliance with the `tenant` and `certificateId` attributes (the heartbeat function
 * files only that certificate's messages under the tenant), the appliance policy and the thing
 * attached to the certificate, and the data endpoint. Anything created before a failure is
 * removed again.
 * @throws Error when the id is not a valid thing name, or the thing exists already
 * @example await registerThing(new IoTClient({}), { applianceId: 'appl-dns-01', tenant: 'acme', policyName: 'aiops-appliance' })
 */
export async function registerThing(
  iot: IoTClient,
  request: { readonly applianceId: string; readonly tenant: string; readonly policyName: string },
): Promise<IotRegistration> {
  const { applianceId: thingName, tenant, policyName } = request;
  if (!THING_NAME_PATTERN.test(thingName)) {
    throw new Error(
      `${JSON.stringify(thingName)} cannot be an IoT thing name: letters, digits, : _ - only, 1 to 128`,
    );
  }
  if (!TENANT_PATTERN.test(tenant)) throw new Error(`invalid tenant ${JSON.stringify(tenant)}`);
  const existing = await describe(iot, thingName);
  if (existing) {
    throw new Error(
      `appliance ${thingName} is registered already (tenant ${existing.attributes?.[TENANT_ATTRIBUTE] ?? '?'}); revoke it first`,
    );
  }
  let certificateArn: string | undefined;
  let thingCreated = false;
  try {
    const cert = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    certificateArn = cert.certificateArn as string;
    const thing = await iot.send(
      new CreateThingCommand({
        thingName,
        attributePayload: {
          attributes: { [TENANT_ATTRIBUTE]: tenant, [CERTIFICATE_ATTRIBUTE]: cert.certificateId as string },
        },
      }),
    );
    thingCreated = true;
    await iot.send(new AttachPolicyCommand({ policyName, target: certificateArn }));
    await iot.send(new AttachThingPrincipalCommand({ thingName, principal: certificateArn }));
    const endpoint = await iot.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }));
    return {
      thingName,
      thingArn: thing.thingArn as string,
      tenant,
      certificateArn,
      certificateId: cert.certificateId as string,
      certificatePem: cert.certificatePem as string,
      privateKey: cert.keyPair?.PrivateKey as string,
      endpoint: endpoint.endpointAddress as string,
      policyName,
    };
  } catch (e) {
    // A thing this call did not create (another registration won a race) is not ours to delete.
    await removeThing(iot, thingName, certificateArn ? [certificateArn] : [], thingCreated).catch(
      () => undefined,
    );
    throw e;
  }
}

/**
 * Revokes an appliance: every certificate attached to its thing is detached from the thing
 * and its policies, deactivated and deleted, then the thing is deleted. IoT Core refuses its
 * new connections at once and closes open ones within a few minutes of the deactivation.
 * @returns the ids of the certificates deleted
 * @throws Error when there is no such thing
 */
export async function revokeThing(iot: IoTClient, applianceId: string): Promise<string[]> {
  if (!(await describe(iot, applianceId))) throw new Error(`no IoT thing ${applianceId}`);
  const principals: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await iot.send(new ListThingPrincipalsCommand({ thingName: applianceId, nextToken }));
    principals.push(...(page.principals ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return removeThing(
    iot,
    applianceId,
    principals.filter((p) => p.includes(':cert/')),
  );
}

async function removeThing(
  iot: IoTClient,
  thingName: string,
  certificateArns: readonly string[],
  deleteThing = true,
): Promise<string[]> {
  const deleted: string[] = [];
  for (const arn of certificateArns) {
    const certificateId = arn.slice(arn.lastIndexOf('/') + 1);
    await iot.send(new DetachThingPrincipalCommand({ thingName, principal: arn })).catch(ignoreNotFound);
    const attached = await iot.send(new ListAttachedPoliciesCommand({ target: arn }));
    for (const p of attached.policies ?? []) {
      await iot.send(new DetachPolicyCommand({ policyName: p.policyName, target: arn }));
    }
    await iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'INACTIVE' }));
    // Detaching is eventually consistent: deleting may fail for a moment while IoT still sees it attached.
    await retry(() => iot.send(new DeleteCertificateCommand({ certificateId })));
    deleted.push(certificateId);
  }
  if (deleteThing) await retry(() => iot.send(new DeleteThingCommand({ thingName })));
  return deleted;
}

async function describe(iot: IoTClient, thingName: string) {
  try {
    return await iot.send(new DescribeThingCommand({ thingName }));
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return undefined;
    throw e;
  }
}

function ignoreNotFound(e: unknown): void {
  if (!(e instanceof ResourceNotFoundException)) throw e;
}

/** Retries conflicts that IoT's eventual consistency causes (5 tries, 0.5 s doubling). */
function retry<T>(call: () => Promise<T>): Promise<T> {
  return withRetries(call, {
    retryAttempts: 4,
    retryDelayMs: 500,
    retryable: (e) => {
      const name = (e as Error).name;
      return (
        name === 'CertificateStateException' ||
        name === 'DeleteConflictException' ||
        name === 'InvalidRequestException'
      );
    },
  });
}
