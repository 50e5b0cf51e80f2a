import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '#lib/agent/config';

describe('agent config', () => {
  it('applies defaults and derives the heartbeat topic from the appliance id', async () => {
    // Act
    const c = await resolveAgentConfig({
      applianceId: 'appl-1',
      mqtt: { url: 'mqtts://abc-ats.iot.eu-west-1.amazonaws.com:8883' },
    });

    // Assess
    expect(c).toMatchObject({
      applianceId: 'appl-1',
      intervalSeconds: 10,
      bufferSize: 8640,
      services: [],
      diskPath: '/',
      topic: 'aiops/appliances/appl-1/heartbeat',
      mqtt: { rejectUnauthorized: true, keepaliveSeconds: 30, presenceMessages: false },
    });
  });

  it('resolves certificate paths against the config file directory', async () => {
    // Act
    const c = await resolveAgentConfig(
      { applianceId: 'appl-1', mqtt: { url: 'mqtts://x:8883', cert: 'cert.pem', key: '/abs/private.key' } },
      '/etc/aiops',
    );

    // Assess
    expect(c.mqtt).toMatchObject({ cert: '/etc/aiops/cert.pem', key: '/abs/private.key' });
  });

  it('names every bad field, and needs a transport', async () => {
    // Act
    const bad = resolveAgentConfig({
      applianceId: 'bad id',
      intervalSeconds: 0,
      mqtt: { url: 'http://x' },
      extra: 1,
    });
    const none = resolveAgentConfig({ applianceId: 'appl-1' });

    // Assess
    await expect(bad).rejects.toThrow(/applianceId: .*intervalSeconds: .*mqtt\.url: /s);
    await expect(bad).rejects.toThrow(/extra/);
    await expect(none).rejects.toThrow(/configure mqtt, https or both/);
  });
});
