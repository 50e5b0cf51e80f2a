import { afterEach, describe, expect, it } from 'vitest';
import { GrafanaApiError, grafanaHttpApi } from '#adapters/grafana-http-api';
import { aiopsDataSources } from '#domain/grafana/data-sources';
import {
  type RecordingServer,
  type ScriptedResponse,
  startRecordingServer,
} from '../../../support/recording-server.ts';

const token = 'glsa_secret_0123456789';
const [amp] = aiopsDataSources({
  region: 'eu-west-1',
  prometheusUrl: 'https://aps.example/workspaces/ws-1/',
});
if (!amp) throw new Error('no data source');

describe('grafanaHttpApi against a loopback Grafana', () => {
  let server: RecordingServer | undefined;
  afterEach(async () => {
    await server?.close();
  });
  const start = async (script: (n: number) => ScriptedResponse) => {
    server = await startRecordingServer((n) => script(n));
    return grafanaHttpApi({ baseUrl: `${server.url}/`, token, backoffMs: () => 5 });
  };
  const calls = () => server?.requests.map((r) => `${r.method} ${r.path}`) ?? [];

  it('retries 429 and 5xx answers, then succeeds', async () => {
    // Prepare
    const api = await start((n) => (n < 2 ? { status: n === 0 ? 429 : 503 } : { status: 200, body: '{}' }));

    // Act
    await api.importDashboard({
      dashboard: { uid: 'd', title: 'D', id: null },
      folderUid: 'aiops',
      overwrite: true,
      message: 'm',
    });

    // Assess
    expect(calls()).toEqual([
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
    ]);
    expect(server?.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('gives up after three attempts with the status and Grafana message, never the token', async () => {
    // Prepare
    const api = await start(() => ({ status: 502, body: '{"message":"bad gateway"}' }));

    // Act
    const error = await api.upsertDataSource(amp).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(GrafanaApiError);
    expect((error as GrafanaApiError).status).toBe(502);
    expect((error as Error).message).toBe(
      'Grafana GET /api/datasources/uid/aiops-amp answered 502: bad gateway',
    );
    expect(JSON.stringify(error)).not.toContain(token);
    expect(calls()).toHaveLength(3);
  });

  it('updates a data source whose create meets a conflict (a create that went through before a retry)', async () => {
    // Prepare
    const api = await start(
      (n) =>
        [{ status: 404, body: '{"message":"Data source not found"}' }, { status: 409 }][n] ?? {
          status: 200,
          body: '{}',
        },
    );

    // Act
    const outcome = await api.upsertDataSource(amp);

    // Assess
    expect(outcome).toBe('updated');
    expect(calls()).toEqual([
      'GET /api/datasources/uid/aiops-amp',
      'POST /api/datasources',
      'PUT /api/datasources/uid/aiops-amp',
    ]);
    expect(JSON.parse(Buffer.from(server?.requests[2]?.body ?? []).toString())).toMatchObject({
      uid: 'aiops-amp',
      type: 'prometheus',
    });
  });

  it('creates the folder only when it is missing', async () => {
    // Prepare
    const api = await start((n) => (n === 0 ? { status: 404 } : { status: 200, body: '{}' }));

    // Act
    await api.ensureFolder({ uid: 'aiops', title: 'AIOps' });
    await api.ensureFolder({ uid: 'aiops', title: 'AIOps' });

    // Assess
    expect(calls()).toEqual(['GET /api/folders/aiops', 'POST /api/folders', 'GET /api/folders/aiops']);
  });
});
