import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/local-api.ts';
import { sampleHeartbeat } from '../support/samples.ts';

const api = useTestApi({ APPLIANCE_OFFLINE_AFTER_SECONDS: '600' });

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

describe('heartbeats and appliances', () => {
  it('keeps every heartbeat once and the latest state per appliance, whatever the arrival order', async () => {
    // Prepare: a buffer replayed after an outage arrives after a newer live heartbeat
    const live = sampleHeartbeat({ applianceId: 'appl-dns-01', sentAt: ago(10), cpuPercent: 20 });
    const buffered = [50, 40, 30].map((s) =>
      sampleHeartbeat({ applianceId: 'appl-dns-01', sentAt: ago(s), cpuPercent: s }),
    );
    // Act
    const first = await api.request('POST', '/v1/heartbeats', { json: live });
    const replay = await api.request('POST', '/v1/heartbeats', { json: { heartbeats: [...buffered, live] } });
    const list = await api.request('GET', '/v1/appliances');
    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 0 });
    const appliance = list.body.items.find((a: { applianceId: string }) => a.applianceId === 'appl-dns-01');
    expect(appliance).toMatchObject({
      cpuPercent: 20,
      online: true,
      lastHeartbeatAt: new Date(live.sentAt as string).toISOString(),
    });
    const history = (await api.scan('appliances')).filter((i) =>
      String((i.sk as { S: string }).S).startsWith('HB#'),
    );
    expect(history).toHaveLength(4);
  });

  it('reports an appliance offline when its last heartbeat is older than the threshold', async () => {
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({ applianceId: 'appl-old-01', sentAt: ago(3600) }),
    });
    const list = await api.request('GET', '/v1/appliances');
    const old = list.body.items.find((a: { applianceId: string }) => a.applianceId === 'appl-old-01');
    expect(old.online).toBe(false);
  });

  it('shows a tenant only its own appliances', async () => {
    const other = await api.createKey('globex', ['heartbeats:write', 'read']);
    await api.request('POST', '/v1/heartbeats', {
      json: sampleHeartbeat({ applianceId: 'globex-01' }),
      key: other.token,
    });
    const mine = await api.request('GET', '/v1/appliances');
    const theirs = await api.request('GET', '/v1/appliances', { key: other.token });
    expect(mine.body.items.map((a: { applianceId: string }) => a.applianceId)).not.toContain('globex-01');
    expect(theirs.body.items.map((a: { applianceId: string }) => a.applianceId)).toEqual(['globex-01']);
  });
});
