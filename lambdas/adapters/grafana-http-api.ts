import type { DashboardImport } from '#domain/grafana/dashboards';
import type { GrafanaDataSource } from '#domain/grafana/data-sources';
import type { GrafanaApi } from '#domain/grafana/provision';
import { isRetryableStatus } from './prometheus/retry-policy.ts';

/** Options of {@link grafanaHttpApi}. */
export interface GrafanaHttpApiOptions {
  /** The workspace's Grafana, e.g. `https://g-0123456789.grafana-workspace.eu-west-1.amazonaws.com`. */
  readonly baseUrl: string;
  /** A service account token, sent as `Authorization: Bearer`. */
  readonly token: string;
  /** Attempts of a request answered 429 or 5xx or failing on the network. @default 3 */
  readonly attempts?: number;
  /** Timeout of one request in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /** Pause before the n-th retry (1-based), in milliseconds. @default 500 * 2^(n-1) */
  readonly backoffMs?: (retry: number) => number;
}

/** A Grafana API answer that is not a success; its message never holds the token. */
export class GrafanaApiError extends Error {
  constructor(
    readonly status: number,
    readonly request: string,
    detail: string,
  ) {
    super(`Grafana ${request} answered ${status}: ${detail}`);
    this.name = 'GrafanaApiError';
  }
}

/**
 * The few Grafana HTTP API calls the provisioner needs, each an upsert by uid, so a run can be
 * repeated: data sources (`GET`, then `PUT` or `POST /api/datasources`), the folder, and
 * dashboards (`POST /api/dashboards/db` with overwrite). 429, 5xx and network errors are retried.
 * @example await grafanaHttpApi({ baseUrl, token }).upsertDataSource(ds)
 */
export function grafanaHttpApi(options: GrafanaHttpApiOptions): GrafanaApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const attempts = options.attempts ?? 3;
  const backoff = options.backoffMs ?? ((n: number) => 500 * 2 ** (n - 1));
  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const request = `${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${options.token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (e) {
        if (attempt >= attempts) throw new GrafanaApiError(0, request, (e as Error).message);
        await sleep(backoff(attempt));
        continue;
      }
      const text = await response.text();
      if (isRetryableStatus(response.status) && attempt < attempts) {
        await sleep(backoff(attempt));
        continue;
      }
      return { status: response.status, json: parse(text) };
    }
  };
  const expect = (answer: { status: number; json: unknown }, request: string, ok: (s: number) => boolean) => {
    if (!ok(answer.status)) throw new GrafanaApiError(answer.status, request, messageOf(answer.json));
  };
  const success = (s: number) => s >= 200 && s < 300;
  return {
    async upsertDataSource(ds: GrafanaDataSource) {
      const path = `/api/datasources/uid/${encodeURIComponent(ds.uid)}`;
      const existing = await call('GET', path);
      expect(existing, `GET ${path}`, (s) => success(s) || s === 404);
      if (existing.status !== 404) {
        expect(await call('PUT', path, ds), `PUT ${path}`, success);
        return 'updated';
      }
      const created = await call('POST', '/api/datasources', ds);
      // 409: a retried create that had gone through; the uid now exists.
      if (created.status === 409) {
        expect(await call('PUT', path, ds), `PUT ${path}`, success);
        return 'updated';
      }
      expect(created, 'POST /api/datasources', success);
      return 'created';
    },
    async ensureFolder(folder) {
      const path = `/api/folders/${encodeURIComponent(folder.uid)}`;
      const existing = await call('GET', path);
      expect(existing, `GET ${path}`, (s) => success(s) || s === 404);
      if (existing.status !== 404) return;
      const created = await call('POST', '/api/folders', folder);
      expect(created, 'POST /api/folders', (s) => success(s) || s === 409 || s === 412);
    },
    async importDashboard(body: DashboardImport) {
      expect(
        await call('POST', '/api/dashboards/db', body),
        `POST /api/dashboards/db (${body.dashboard.uid})`,
        success,
      );
    },
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Grafana's `{ "message": ... }`, else the text, at most 300 characters. */
function messageOf(json: unknown): string {
  const message =
    typeof json === 'object' && json !== null && 'message' in json
      ? String(json.message)
      : String(json ?? '');
  return message.slice(0, 300);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
