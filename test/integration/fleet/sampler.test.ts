import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartbeatSchema } from '#contract/heartbeat';
import { heartbeatSampler } from '#lib/agent/sampler';
import { serviceStates } from '#lib/agent/services';

describe('reading the appliance', () => {
  it('gives a contract-valid heartbeat of this machine, with a new sentAt each time', async () => {
    // Prepare
    const warnings: string[] = [];
    const sample = heartbeatSampler({
      applianceId: 'appl-1',
      agentVersion: '0.1.0',
      services: ['named'],
      diskPath: '/',
      systemctl: '/nonexistent/systemctl',
      onWarning: (m) => warnings.push(m),
    });

    // Act
    const first = await sample();
    const second = await sample();

    // Assess
    expect(heartbeatSchema.safeParse(first).success).toBe(true);
    expect(heartbeatSchema.safeParse(second).success).toBe(true);
    expect(Date.parse(second.sentAt)).toBeGreaterThan(Date.parse(first.sentAt));
    expect(first.diskPercent).toBeGreaterThan(0);
    expect(first.memoryPercent).toBeGreaterThan(0);
    expect(first.services).toEqual({}); // unknown, not "down"
    expect(warnings).toEqual(['systemd is not available here: services are not reported']);
  });

  it('asks systemctl once for every unit: active is up, anything else down', async () => {
    // Prepare: systemd does not run here, so a stand-in answers as `systemctl is-active` does
    const dir = await mkdtemp(join(tmpdir(), 'aiops-systemctl-'));
    const fake = join(dir, 'systemctl');
    await writeFile(
      fake,
      '#!/bin/sh\n[ "$1" = is-active ] && [ "$2" = -- ] || exit 2\nprintf "active\\nfailed\\ninactive\\n"\nexit 3\n',
    );
    await chmod(fake, 0o755);

    // Act
    const states = await serviceStates(['named', 'smbd', 'postfix'], fake);
    const here = await serviceStates(['named']); // the real systemctl, if any, without a running systemd

    // Assess
    expect(states).toEqual({ named: 'up', smbd: 'down', postfix: 'down' });
    expect(here === undefined || typeof here === 'object').toBe(true);
  });
});
