import { X509Certificate } from 'node:crypto';
import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { AgentConfigInput } from '../agent/config.ts';
import type { IotRegistration } from './iot-registration.ts';

/** File names inside a credential bundle. */
export const BUNDLE_FILES = {
  config: 'agent.json',
  certificate: 'certificate.pem.crt',
  privateKey: 'private.pem.key',
  rootCa: 'AmazonRootCA1.pem',
  password: 'password',
  registration: 'registration.json',
} as const;

/** Amazon Root CA 1 (which signs IoT Core's ATS endpoints), from Node's own trust store. */
export function amazonRootCa1(): string | undefined {
  return rootCertificates.find((pem) => {
    try {
      return /CN=Amazon Root CA 1$/m.test(new X509Certificate(pem).subject);
    } catch {
      return false;
    }
  });
}

async function prepare(dir: string, force: boolean): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (force) return;
  for (const secret of [BUNDLE_FILES.privateKey, BUNDLE_FILES.password]) {
    const exists = await access(join(dir, secret)).then(
      () => true,
      () => false,
    );
    if (exists)
      throw new Error(
        `${join(dir, secret)} exists: another appliance's credentials? (--force replaces them)`,
      );
  }
}

const write = (dir: string, name: string, text: string, mode: number) =>
  writeFile(join(dir, name), text, { mode }).then(() => chmod(join(dir, name), mode));
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes what an appliance needs to reach IoT Core: its certificate, its private key (0600,
 * never stored anywhere else), Amazon Root CA 1, the agent's config (mutual TLS to the ATS
 * endpoint) and a registration record without secrets. The directory is 0700.
 * @returns the files written
 */
export async function writeIotBundle(
  dir: string,
  r: IotRegistration,
  options: { force?: boolean } = {},
): Promise<string[]> {
  await prepare(dir, options.force ?? false);
  const ca = amazonRootCa1();
  const config: AgentConfigInput = {
    applianceId: r.thingName,
    intervalSeconds: 10,
    mqtt: {
      url: `mqtts://${r.endpoint}:8883`,
      cert: BUNDLE_FILES.certificate,
      key: BUNDLE_FILES.privateKey,
      ...(ca ? { ca: BUNDLE_FILES.rootCa } : {}),
    },
    services: [],
  };
  await write(dir, BUNDLE_FILES.privateKey, r.privateKey, 0o600);
  await write(dir, BUNDLE_FILES.certificate, r.certificatePem, 0o644);
  if (ca) await write(dir, BUNDLE_FILES.rootCa, ca, 0o644);
  await write(dir, BUNDLE_FILES.config, json(config), 0o600);
  const { privateKey: _k, certificatePem: _c, ...record } = r;
  await write(
    dir,
    BUNDLE_FILES.registration,
    json({ ...record, registeredAt: new Date().toISOString() }),
    0o644,
  );
  return [
    BUNDLE_FILES.privateKey,
    BUNDLE_FILES.certificate,
    ...(ca ? [BUNDLE_FILES.rootCa] : []),
    BUNDLE_FILES.config,
    BUNDLE_FILES.registration,
  ];
}

/**
 * Writes what an appliance needs to reach the local broker: its password (0600), the agent's
 * config (user name and password file; presence messages when the broker is an external one)
 * and a registration record.
 * @returns the files written
 */
export async function writeLocalBundle(
  dir: string,
  r: { applianceId: string; tenant: string; url: string; secret: string; presenceMessages: boolean },
  options: { force?: boolean } = {},
): Promise<string[]> {
  await prepare(dir, options.force ?? false);
  const config: AgentConfigInput = {
    applianceId: r.applianceId,
    intervalSeconds: 10,
    mqtt: {
      url: r.url,
      username: r.applianceId,
      passwordFile: BUNDLE_FILES.password,
      ...(r.presenceMessages ? { presenceMessages: true } : {}),
    },
    services: [],
  };
  await write(dir, BUNDLE_FILES.password, `${r.secret}\n`, 0o600);
  await write(dir, BUNDLE_FILES.config, json(config), 0o600);
  await write(
    dir,
    BUNDLE_FILES.registration,
    json({
      applianceId: r.applianceId,
      tenant: r.tenant,
      broker: r.url,
      registeredAt: new Date().toISOString(),
    }),
    0o644,
  );
  return [BUNDLE_FILES.password, BUNDLE_FILES.config, BUNDLE_FILES.registration];
}
