import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoTClient } from '@aws-sdk/client-iot';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '#lib/agent/config';
import { registerAppliancesCommand } from '#lib/cli/appliances-command';
import { registerThing } from '#lib/fleet/iot-registration';
import { type FakeIot, startFakeIot } from '../../support/fake-iot.ts';

let iot: FakeIot;
const saved = { ...process.env };
beforeAll(async () => {
  iot = await startFakeIot();
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'us-east-1',
  });
});
afterAll(async () => {
  process.env = saved;
  await iot.close();
});
afterEach(() => {
  iot.requests.length = 0;
});

/** Runs `aiops-obs appliances ...` in this process against the stand-in, capturing stdout. */
async function cli(...args: string[]): Promise<string> {
  const program = new Command('aiops-obs').exitOverride();
  registerAppliancesCommand(program);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'aiops-obs', 'appliances', ...args, '--iot-endpoint', iot.url]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}
const calls = () => iot.requests.map((r) => `${r.method} ${r.path}`);

describe('aiops-obs appliances register|revoke against IoT Core (a loopback control plane)', () => {
  it('creates an active certificate, the thing with its tenant and certificate, the policy and the thing attached, and writes the bundle', async () => {
    // Prepare
    const out = join(await mkdtemp(join(tmpdir(), 'aiops-bundle-')), 'appl-dns-01');

    // Act
    const printed = await cli('register', 'appl-dns-01', '--tenant', 'acme', '--out', out);

    // Assess: the calls, in order, with what identifies the appliance
    const [cert] = [...iot.certificates.keys()];
    const certArn = `arn:aws:iot:us-east-1:123456789012:cert/${cert}`;
    expect(calls()).toEqual([
      'GET /things/appl-dns-01',
      'POST /keys-and-certificate?setAsActive=true',
      'POST /things/appl-dns-01',
      'PUT /target-policies/aiops-appliance',
      'PUT /things/appl-dns-01/principals',
      'GET /endpoint?endpointType=iot:Data-ATS',
    ]);
    expect(iot.requests[2]?.body).toEqual({
      attributePayload: { attributes: { tenant: 'acme', certificateId: cert } },
    });
    expect(iot.requests[3]?.body).toEqual({ target: certArn });
    expect(iot.requests[4]?.headers['x-amzn-principal']).toBe(certArn);
    expect(iot.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/iot\/aws4_request/,
    );
    expect(iot.certificates.get(cert as string)).toEqual({
      status: 'ACTIVE',
      policies: new Set(['aiops-appliance']),
    });

    // Assess: the bundle, the private key readable by its owner only
    expect((await stat(join(out, 'private.pem.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(out)).mode & 0o777).toBe(0o700);
    expect(await readFile(join(out, 'private.pem.key'), 'utf8')).toContain(`fake-key-${cert}`);
    expect(await readFile(join(out, 'AmazonRootCA1.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const config = await loadAgentConfig(join(out, 'agent.json'));
    expect(config).toMatchObject({
      applianceId: 'appl-dns-01',
      topic: 'aiops/appliances/appl-dns-01/heartbeat',
      mqtt: {
        url: 'mqtts://abc123example-ats.iot.us-east-1.amazonaws.com:8883',
        cert: join(out, 'certificate.pem.crt'),
        key: join(out, 'private.pem.key'),
      },
    });
    expect(JSON.parse(await readFile(join(out, 'registration.json'), 'utf8'))).not.toHaveProperty(
      'privateKey',
    );
    expect(printed).toContain('registered appl-dns-01 (tenant acme)');
    expect(printed).not.toContain('fake-key');
  });

  it('refuses an appliance that is registered already, and an id IoT cannot take as a thing name, creating nothing', async () => {
    // Act
    const again = cli(
      'register',
      'appl-dns-01',
      '--tenant',
      'other',
      '--out',
      await mkdtemp(join(tmpdir(), 'b-')),
    );
    await expect(again).rejects.toThrow(/registered already \(tenant acme\); revoke it first/);
    const dotted = cli('register', 'ucs.office.example', '--tenant', 'acme');

    // Assess
    await expect(dotted).rejects.toThrow(/cannot be an IoT thing name/);
    expect(calls()).toEqual(['GET /things/appl-dns-01']);
  });

  it('removes what it created when a step fails (here: the policy does not exist)', async () => {
    // Act
    const failing = registerThing(new IoTClient({ endpoint: iot.url }), {
      applianceId: 'appl-x',
      tenant: 'acme',
      policyName: 'missing',
    });

    // Assess: everything made before the failure is gone again
    await expect(failing).rejects.toThrow(/no policy missing/);
    const cert = iot.requests.find((r) => r.path.startsWith('/certificates/'))?.path.split(/[/?]/)[2];
    expect(calls()).toEqual([
      'GET /things/appl-x',
      'POST /keys-and-certificate?setAsActive=true',
      'POST /things/appl-x',
      'PUT /target-policies/missing',
      'DELETE /things/appl-x/principals',
      `POST /attached-policies/arn:aws:iot:us-east-1:123456789012:cert/${cert}`,
      `PUT /certificates/${cert}?newStatus=INACTIVE`,
      `DELETE /certificates/${cert}`,
      'DELETE /things/appl-x',
    ]);
    expect(iot.things.has('appl-x')).toBe(false);
    expect(iot.certificates.has(cert as string)).toBe(false);
  });

  it('revoke detaches the certificate from the thing and the policy, deactivates and deletes it, then deletes the thing', async () => {
    // Prepare
    const [cert] = [...iot.certificates.keys()].filter((c) => iot.certificates.get(c)?.status === 'ACTIVE');

    // Act
    const printed = await cli('revoke', 'appl-dns-01');

    // Assess
    expect(calls()).toEqual([
      'GET /things/appl-dns-01',
      'GET /things/appl-dns-01/principals',
      'DELETE /things/appl-dns-01/principals',
      `POST /attached-policies/arn:aws:iot:us-east-1:123456789012:cert/${cert}`,
      'POST /target-policies/aiops-appliance',
      `PUT /certificates/${cert}?newStatus=INACTIVE`,
      `DELETE /certificates/${cert}`,
      'DELETE /things/appl-dns-01',
    ]);
    expect(iot.things.size).toBe(0);
    expect(iot.certificates.has(cert as string)).toBe(false);
    expect(printed).toContain(`certificate ${cert} deactivated and deleted, thing deleted`);
  });

  it('loses a race for the thing without touching the winner: only its own certificate is removed', async () => {
    // Prepare: another registration creates the thing between this one's check and its create
    iot.things.set('appl-race', { attributes: { tenant: 'winner' }, principals: new Set(['arn:winner']) });
    const described = iot.requests.length;
    iot.failNext('GET', '/things/appl-race', 'ResourceNotFoundException', 404);

    // Act
    const losing = registerThing(new IoTClient({ endpoint: iot.url }), {
      applianceId: 'appl-race',
      tenant: 'loser',
      policyName: 'aiops-appliance',
    });

    // Assess
    await expect(losing).rejects.toThrow();
    const made = calls().slice(described);
    expect(made.slice(0, 3)).toEqual([
      'GET /things/appl-race',
      'POST /keys-and-certificate?setAsActive=true',
      'POST /things/appl-race',
    ]);
    expect(made).not.toContain('DELETE /things/appl-race');
    expect(iot.things.get('appl-race')).toEqual({
      attributes: { tenant: 'winner' },
      principals: new Set(['arn:winner']),
    });
    const cert = made.find((c) => c.startsWith('DELETE /certificates/'))?.split('/')[2];
    expect(cert && iot.certificates.has(cert)).toBe(false);
    iot.things.delete('appl-race');
  });

  it('retries a delete that IoT refuses for a moment while the detach settles', async () => {
    // Prepare
    await cli('register', 'appl-slow', '--tenant', 'acme', '--out', await mkdtemp(join(tmpdir(), 'c-')));
    iot.requests.length = 0;
    iot.failNext('DELETE', '/certificates/', 'CertificateStateException', 409);

    // Act
    await cli('revoke', 'appl-slow');

    // Assess
    expect(calls().filter((c) => c.startsWith('DELETE /certificates/'))).toHaveLength(2);
    expect(iot.things.has('appl-slow')).toBe(false);
  });
});
