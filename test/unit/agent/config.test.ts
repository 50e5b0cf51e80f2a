import { describe, expect, it } from 'vitest';
import { ApplianceAgent } from '#lib/agent/agent';
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

describe('the API key of the HTTPS fallback', () => {
  it.each([
    'http://api.example.com',
    'http://192.0.2.10:3000',
    'http://10.0.0.5',
    'http://[fe80::1]:3000',
    'http://127.0.0.1.example.com',
    'http://localhost.example.com',
  ])('is never sent in clear text: http:// to %s is refused, naming the field', async (url) => {
    // Act
    const config = resolveAgentConfig({ applianceId: 'appl-1', https: { url } });

    // Assess
    await expect(config).rejects.toThrow(/https\.url: http:\/\/ would send the API key in clear text/);
  });

  it.each([
    'https://api.example.com',
    'http://127.0.0.1:3000',
    'http://127.8.9.10',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:3000',
    'http://[::ffff:127.0.0.1]:3000',
  ])('may go to %s (TLS, or this machine)', async (url) => {
    // Act
    const config = await resolveAgentConfig({ applianceId: 'appl-1', https: { url } });

    // Assess
    expect(config.https?.url).toBe(url);
  });

  it('is refused by the agent itself when its settings did not go through validation', async () => {
    // Prepare
    const valid = await resolveAgentConfig({ applianceId: 'appl-1', https: { url: 'https://api.example' } });
    const config = { ...valid, https: { ...valid.https, url: 'http://api.example' }, apiKey: 'aiops_x' };

    // Act
    const create = () => new ApplianceAgent(config as typeof valid, { sample: async () => ({}) as never });

    // Assess
    expect(create).toThrow(/http:\/\/ would send the API key in clear text to api\.example/);
  });
});
