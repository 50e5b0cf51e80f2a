/** Permissions a key can hold. */
export const SCOPES = ['decisions:write', 'heartbeats:write', 'read'] as const;
export type Scope = (typeof SCOPES)[number];

/** The Lambda functions behind the API; each name is a file in lambdas/handlers. */
export const API_FUNCTIONS = [
  'ingest-decisions',
  'ingest-execution',
  'ingest-feedback',
  'ingest-heartbeats',
  'reads',
  'public',
] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

/** One API route, shared by the CDK api stack and the local gateway. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  /** API Gateway path syntax, e.g. `/v1/decisions/{id}`. */
  readonly path: string;
  readonly fn: ApiFunction;
  /** Scope the caller's key must hold; `undefined` for public routes. */
  readonly scope?: Scope;
  /** Short name used as the `endpoint` metric label. */
  readonly endpoint: string;
}

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/decisions',
    fn: 'ingest-decisions',
    scope: 'decisions:write',
    endpoint: 'decisions',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/execution',
    fn: 'ingest-execution',
    scope: 'decisions:write',
    endpoint: 'execution',
  },
  {
    method: 'POST',
    path: '/v1/decisions/{id}/feedback',
    fn: 'ingest-feedback',
    scope: 'decisions:write',
    endpoint: 'feedback',
  },
  { method: 'GET', path: '/v1/decisions', fn: 'reads', scope: 'read', endpoint: 'decisions_list' },
  { method: 'GET', path: '/v1/decisions/{id}', fn: 'reads', scope: 'read', endpoint: 'decision_get' },
  {
    method: 'POST',
    path: '/v1/heartbeats',
    fn: 'ingest-heartbeats',
    scope: 'heartbeats:write',
    endpoint: 'heartbeats',
  },
  { method: 'GET', path: '/v1/appliances', fn: 'reads', scope: 'read', endpoint: 'appliances' },
  { method: 'GET', path: '/health', fn: 'public', endpoint: 'health' },
  { method: 'GET', path: '/openapi.json', fn: 'public', endpoint: 'openapi' },
];

/** Route key as API Gateway writes it, e.g. `POST /v1/decisions`. */
export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** The function that answers unknown routes (404) and wrong methods (405): API Gateway's `$default` route. */
export const DEFAULT_ROUTE_FUNCTION: ApiFunction = 'public';

/**
 * Matches a concrete path against the route table.
 * @returns the route and its path parameters, `'method'` when the path exists under another
 * method, or `undefined` when no route has this path.
 * @example matchRoute('GET', '/v1/decisions/abc') // { route, params: { id: 'abc' } }
 */
export function matchRoute(
  method: string,
  path: string,
): { route: RouteDefinition; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] as string;
    const actual = p[i] as string;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (actual === '') return undefined;
      params[seg.slice(1, -1)] = safeDecode(actual);
    } else if (seg !== actual) return undefined;
  }
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
