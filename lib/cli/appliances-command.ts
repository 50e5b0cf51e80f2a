import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { registerAgentCommand } from './agent-command.ts';
import { DEFAULT_LOCAL_MQTT_PORT, LOCAL_REGISTRY_FILE, type LocalMqttState } from './local-mqtt.ts';
import { readLocalState } from './local-state.ts';

interface Target {
  readonly local?: boolean;
  readonly prefix?: string;
  readonly policy?: string;
  readonly region?: string;
  readonly iotEndpoint?: string;
}

/** The IoT control-plane client of the default credential chain (`--iot-endpoint` / AWS_ENDPOINT_URL_IOT override). */
async function iotClient(t: Target) {
  const { IoTClient } = await import('@aws-sdk/client-iot');
  const endpoint = t.iotEndpoint ?? process.env.AWS_ENDPOINT_URL_IOT;
  return new IoTClient({ ...(t.region ? { region: t.region } : {}), ...(endpoint ? { endpoint } : {}) });
}

/** The running local stack's MQTT side, or the defaults of `aiops-obs local` when none runs. */
async function localMqtt(): Promise<LocalMqttState> {
  const state = await readLocalState();
  return (
    state?.mqtt ?? {
      url: `mqtt://127.0.0.1:${DEFAULT_LOCAL_MQTT_PORT}`,
      mode: 'embedded',
      registryFile: LOCAL_REGISTRY_FILE,
    }
  );
}

const withTarget = (c: Command) =>
  c
    .option('--local', 'the local stack: credentials for its broker (.aiops/appliances.json)')
    .option(
      '--prefix <prefix>',
      'deployment prefix: the policy is <prefix>-appliance (default: $TABLE_PREFIX or aiops)',
    )
    .option('--policy <name>', 'IoT policy to attach (default: <prefix>-appliance, made by the fleet stack)')
    .option('--region <region>', 'AWS region (default: the SDK default chain)')
    .option('--iot-endpoint <url>', 'IoT control-plane endpoint (default: AWS; $AWS_ENDPOINT_URL_IOT)');

/**
 * `aiops-obs appliances register|revoke|list`: an appliance's identity. In AWS a thing with
 * its tenant attribute, a certificate and the appliance policy; with `--local` a password for
 * the local broker. Also registers `aiops-obs agent`.
 */
export function registerAppliancesCommand(program: Command): void {
  const appliances = program
    .command('appliances')
    .description('register appliances for MQTT (IoT Core or the local broker)');
  withTarget(appliances.command('register'))
    .argument('<applianceId>', 'the appliance (its thing name and MQTT client id)')
    .requiredOption('--tenant <customerId>', 'the tenant its heartbeats belong to')
    .option('--out <dir>', 'where to write the credential bundle (default: ./appliances/<applianceId>)')
    .option('--force', 'replace credentials already in --out')
    .action(async (applianceId: string, o: Target & { tenant: string; out?: string; force?: boolean }) => {
      const out = resolve(o.out ?? join('appliances', applianceId));
      const force = { force: o.force ?? false };
      const { writeIotBundle, writeLocalBundle } = await import('../fleet/credential-bundle.ts');
      if (o.local) {
        const mqtt = await localMqtt();
        const { LocalApplianceRegistry } = await import('../fleet/local-registry.ts');
        const { secret } = await LocalApplianceRegistry.file(mqtt.registryFile).register(
          applianceId,
          o.tenant,
        );
        const files = await writeLocalBundle(
          out,
          {
            applianceId,
            tenant: o.tenant,
            url: mqtt.url,
            secret,
            presenceMessages: mqtt.mode === 'external',
          },
          force,
        );
        return report(applianceId, o.tenant, mqtt.url, out, files);
      }
      const prefix = o.prefix ?? process.env.TABLE_PREFIX ?? 'aiops';
      const { registerThing } = await import('../fleet/iot-registration.ts');
      const iot = await iotClient(o);
      const registration = await registerThing(iot, {
        applianceId,
        tenant: o.tenant,
        policyName: o.policy ?? `${prefix}-appliance`,
      });
      const files = await writeIotBundle(out, registration, force);
      report(
        applianceId,
        o.tenant,
        `mqtts://${registration.endpoint}:8883`,
        out,
        files,
        registration.certificateId,
      );
    });
  withTarget(appliances.command('revoke'))
    .argument('<applianceId>', 'the appliance')
    .action(async (applianceId: string, o: Target) => {
      if (o.local) {
        const { LocalApplianceRegistry } = await import('../fleet/local-registry.ts');
        if (!(await LocalApplianceRegistry.file((await localMqtt()).registryFile).revoke(applianceId))) {
          throw new Error(`no registered appliance ${applianceId}`);
        }
        return void process.stdout.write(`revoked ${applianceId}: the local broker refuses it from now on\n`);
      }
      const { revokeThing } = await import('../fleet/iot-registration.ts');
      const certificates = await revokeThing(await iotClient(o), applianceId);
      process.stdout.write(
        `revoked ${applianceId}: certificate${certificates.length === 1 ? '' : 's'} ${certificates.join(', ') || '(none)'} deactivated and deleted, thing deleted\n`,
      );
    });
  appliances
    .command('list')
    .description('appliances registered with the local broker (in AWS: aws iot list-things)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { LocalApplianceRegistry } = await import('../fleet/local-registry.ts');
      const list = (await LocalApplianceRegistry.file((await localMqtt()).registryFile).list()).map(
        ({ secretHash: _h, ...e }) => e,
      );
      if (o.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      for (const e of list) {
        process.stdout.write(
          `${e.applianceId}  ${e.customerId}  ${e.createdAt}  ${e.revokedAt ? `revoked ${e.revokedAt}` : 'active'}\n`,
        );
      }
    });
}

function report(
  applianceId: string,
  tenant: string,
  broker: string,
  out: string,
  files: string[],
  certificateId?: string,
): void {
  process.stdout.write(
    `registered ${applianceId} (tenant ${tenant})${certificateId ? `, certificate ${certificateId}` : ''}\n` +
      `  broker:   ${broker}\n  bundle:   ${out} (${files.join(', ')})\n` +
      `  run:      aiops-obs agent --config ${join(out, 'agent.json')}\n\n` +
      'The private key / password is only in that directory: copy it to the appliance and keep it 0600.\n',
  );
}

/** `aiops-obs appliances ...` and `aiops-obs agent`. */
export function registerFleetCommands(program: Command): void {
  registerAppliancesCommand(program);
  registerAgentCommand(program);
}
