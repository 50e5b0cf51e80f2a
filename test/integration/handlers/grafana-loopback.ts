/**
 * Loopback stand-ins for what the Grafana provisioner talks to, each on a free port, each
 * recording every request:
 * - Managed Grafana's control plane (REST-JSON, the paths `@aws-sdk/client-grafana` uses):
 *   service accounts and their tokens, one workspace;
 * - the workspace's Grafana HTTP API (data sources, folders, dashboards), accepting only a
 *   token the control plane issued and has not deleted;
 * - S3, serving the dashboard bundle at `/<bucket>/<key>`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type RecordingServer, startRecordingServer } from '../../support/recording-server.ts';

/** One request as a loopback received it, its body parsed when it is JSON. */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A recording server whose requests go to `log` as {@link Recorded}, answered with JSON by `handle`. */
function listen(handle: (req: Recorded) => Answer, log: Recorded[]): Promise<RecordingServer> {
  return startRecordingServer((_, request) => {
    const recorded: Recorded = {
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body === '' ? undefined : request.json !== undefined ? request.json : request.body,
    };
    log.push(recorded);
    const answer = handle(recorded);
    return {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
      body: answer.body === undefined ? '' : JSON.stringify(answer.body),
    };
  });
}

/** The running stand-ins and their state. */
export interface GrafanaLoopback {
  readonly workspaceId: string;
  readonly controlPlaneUrl: string;
  readonly grafanaUrl: string;
  /** URL of the dashboard bundle on the S3 stand-in. */
  readonly bundleUrl: string;
  readonly controlPlaneRequests: Recorded[];
  readonly grafanaRequests: Recorded[];
  readonly s3Requests: Recorded[];
  /** Service accounts by id. */
  readonly serviceAccounts: Map<string, { name: string; grafanaRole: string }>;
  /** Every token issued, by id, with its secret and whether it still exists. */
  readonly tokens: Map<
    string,
    { key: string; serviceAccountId: string; secondsToLive: number; live: boolean }
  >;
  readonly dataSources: Map<string, Record<string, unknown>>;
  readonly dashboards: Map<string, { dashboard: Record<string, unknown>; folderUid: string }>;
  readonly folders: Map<string, string>;
  /** Dashboards uids the Grafana API refuses (HTTP 400). */
  readonly refuseDashboards: Set<string>;
  close(): Promise<void>;
}

/** Starts the three stand-ins, the S3 one serving `bundle`. */
export async function startGrafanaLoopback(
  bundle: unknown,
  workspaceId = 'g-0123456789',
): Promise<GrafanaLoopback> {
  const state = {
    serviceAccounts: new Map<string, { name: string; grafanaRole: string }>(),
    tokens: new Map<
      string,
      { key: string; serviceAccountId: string; secondsToLive: number; live: boolean }
    >(),
    dataSources: new Map<string, Record<string, unknown>>(),
    dashboards: new Map<string, { dashboard: Record<string, unknown>; folderUid: string }>(),
    folders: new Map<string, string>(),
    refuseDashboards: new Set<string>(),
  };
  const controlPlaneRequests: Recorded[] = [];
  const grafanaRequests: Recorded[] = [];
  const s3Requests: Recorded[] = [];
  let next = 1;
  const notFound = (what: string): Answer => ({
    status: 404,
    headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
    body: { message: `${what} not found`, resourceId: what, resourceType: 'WORKSPACE' },
  });

  const controlPlane = await listen((r) => {
    const path = new URL(r.path, 'http://x').pathname;
    const m = /^\/workspaces\/([^/]+)\/serviceaccounts(?:\/([^/]+))?(?:\/tokens(?:\/([^/]+))?)?$/.exec(path);
    if (!m || m[1] !== workspaceId) return notFound(path);
    const [, , saId, tokenId] = m;
    const body = r.body as Record<string, unknown>;
    if (!saId && r.method === 'GET') {
      const accounts = [...state.serviceAccounts].map(([id, a]) => ({ id, ...a, isDisabled: false }));
      return { status: 200, body: { serviceAccounts: accounts, workspaceId } };
    }
    if (!saId && r.method === 'POST') {
      const id = String(next++);
      state.serviceAccounts.set(id, { name: String(body.name), grafanaRole: String(body.grafanaRole) });
      return { status: 200, body: { id, name: body.name, grafanaRole: body.grafanaRole, workspaceId } };
    }
    if (!saId || !state.serviceAccounts.has(saId)) return notFound(`service account ${saId}`);
    if (r.path.includes('/tokens') && r.method === 'POST') {
      const id = String(next++);
      const key = `glsa_${randomBytes(24).toString('hex')}`;
      state.tokens.set(id, {
        key,
        serviceAccountId: saId,
        secondsToLive: Number(body.secondsToLive),
        live: true,
      });
      return {
        status: 200,
        body: { serviceAccountToken: { id, name: body.name, key }, serviceAccountId: saId, workspaceId },
      };
    }
    if (tokenId && r.method === 'DELETE') {
      const token = state.tokens.get(tokenId);
      if (!token?.live) return notFound(`token ${tokenId}`);
      token.live = false;
      return { status: 200, body: { tokenId, serviceAccountId: saId, workspaceId } };
    }
    if (r.method === 'DELETE') {
      state.serviceAccounts.delete(saId);
      for (const t of state.tokens.values()) if (t.serviceAccountId === saId) t.live = false;
      return { status: 200, body: { serviceAccountId: saId, workspaceId } };
    }
    return { status: 400, body: { message: `unexpected ${r.method} ${path}` } };
  }, controlPlaneRequests);

  const grafana = await listen((r) => {
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (![...state.tokens.values()].some((t) => t.live && t.key === bearer)) {
      return { status: 401, body: { message: 'invalid API key' } };
    }
    const body = r.body as Record<string, unknown>;
    const ds = /^\/api\/datasources\/uid\/([^/]+)$/.exec(r.path)?.[1];
    if (ds && r.method === 'GET') {
      const found = state.dataSources.get(ds);
      return found
        ? { status: 200, body: { id: 1, ...found } }
        : { status: 404, body: { message: 'Data source not found' } };
    }
    if (ds && r.method === 'PUT') {
      state.dataSources.set(ds, body);
      return { status: 200, body: { message: 'Datasource updated' } };
    }
    if (r.path === '/api/datasources' && r.method === 'POST') {
      if (state.dataSources.has(String(body.uid)))
        return { status: 409, body: { message: 'data source exists' } };
      state.dataSources.set(String(body.uid), body);
      return { status: 200, body: { message: 'Datasource added' } };
    }
    const folder = /^\/api\/folders\/([^/]+)$/.exec(r.path)?.[1];
    if (folder && r.method === 'GET') {
      return state.folders.has(folder)
        ? { status: 200, body: { uid: folder, title: state.folders.get(folder) } }
        : { status: 404, body: { message: 'folder not found' } };
    }
    if (r.path === '/api/folders' && r.method === 'POST') {
      state.folders.set(String(body.uid), String(body.title));
      return { status: 200, body: { uid: body.uid } };
    }
    if (r.path === '/api/dashboards/db' && r.method === 'POST') {
      const dashboard = body.dashboard as Record<string, unknown>;
      if (state.refuseDashboards.has(String(dashboard.uid))) {
        return { status: 400, body: { message: `Dashboard ${dashboard.uid} invalid` } };
      }
      state.dashboards.set(String(dashboard.uid), { dashboard, folderUid: String(body.folderUid) });
      return { status: 200, body: { status: 'success', uid: dashboard.uid } };
    }
    return { status: 404, body: { message: 'Not found' } };
  }, grafanaRequests);

  const s3 = await listen(
    (r) => (r.path === '/assets/dashboards.json' ? { status: 200, body: bundle } : { status: 404 }),
    s3Requests,
  );

  return {
    workspaceId,
    controlPlaneUrl: controlPlane.url,
    grafanaUrl: grafana.url,
    bundleUrl: `${s3.url}/assets/dashboards.json`,
    controlPlaneRequests,
    grafanaRequests,
    s3Requests,
    ...state,
    close: async () => {
      await Promise.all([controlPlane.close(), grafana.close(), s3.close()]);
    },
  };
}
