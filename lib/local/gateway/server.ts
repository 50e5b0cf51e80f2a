import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiFunction, matchRoute } from '#contract/routes';
import { closeServer, listen, readBody } from '../server-io.ts';
import { type AccessLogSink, AccessLogTrace } from './access-log.ts';
import { apiEvent, authorizerEvent, type GatewayRequest } from './api-event.ts';
import { lambdaContext } from './lambda-context.ts';

// biome-ignore lint/suspicious/noExplicitAny: handlers take the event type of their route
type AnyHandler = (event: any, context: any) => Promise<any>;

/** The functions behind the local API: one per API function, plus the authorizer. */
export type GatewayFunctions = Record<ApiFunction | 'authorizer', AnyHandler>;

/** Options of the local HTTP API. */
export interface GatewayOptions {
  readonly functions: GatewayFunctions;
  /** Port to listen on; 0 takes any free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** API Gateway's own payload limit (10 MB). @default 10485760 */
  readonly maxPayloadBytes?: number;
  /**
   * Routes that exist only on the local stack (e.g. `GET /metrics`), by `METHOD /path`.
   * @default none
   */
  readonly localRoutes?: Readonly<Record<string, () => Promise<APIGatewayProxyStructuredResultV2>>>;
  /**
   * Receives the access log record of every request once its response is closed, as API
   * Gateway writes it to the stage's access log (local-only routes are not logged: they do
   * not exist in AWS).
   * @default no access log
   */
  readonly onAccessLog?: AccessLogSink;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway's own answers, which are not problem+json: the local stand-in answers the same. */
const GATEWAY = {
  unauthorized: { statusCode: 401, body: '{"message":"Unauthorized"}' },
  forbidden: { statusCode: 403, body: '{"message":"Forbidden"}' },
  tooLarge: { statusCode: 413, body: '{"message":"Request Entity Too Large"}' },
  internal: { statusCode: 500, body: '{"message":"Internal Server Error"}' },
};

/**
 * A local stand-in for the HTTP API: it matches the same route table, runs the same
 * authorizer on every route with a scope, builds payload 2.0 events and calls the same
 * handlers in process.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch(() => send(res, GATEWAY.internal, 'unknown'));
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: `http://${options.host ?? '127.0.0.1'}:${port}`, port, close: () => closeServer(server) };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: GatewayOptions): Promise<void> {
  const requestId = randomUUID();
  const sink = options.onAccessLog;
  const path = (req.url ?? '/').split('?')[0] as string;
  const local = options.localRoutes?.[`${req.method} ${path}`];
  const trace = sink && !local ? traceAccess(req, res, requestId, sink) : undefined;
  const body = await readBody(req, options.maxPayloadBytes ?? 10 * 1024 * 1024);
  if (!body) return send(res, GATEWAY.tooLarge, requestId);
  if (local) {
    try {
      return send(res, await local(), requestId);
    } catch {
      return send(res, GATEWAY.internal, requestId);
    }
  }
  const match = matchRoute(req.method ?? 'GET', path);
  const route = match && 'route' in match ? match : undefined;
  const g: GatewayRequest = route
    ? {
        req,
        body,
        requestId,
        routeKey: `${route.route.method} ${route.route.path}`,
        pathParameters: route.params,
      }
    : { req, body, requestId, routeKey: '$default' };
  trace?.route(g.routeKey);

  let authorizerContext: Record<string, unknown> | undefined;
  if (route?.route.scope) {
    if (!req.headers.authorization) return send(res, GATEWAY.unauthorized, requestId);
    try {
      const verdict = await options.functions.authorizer(authorizerEvent(g), lambdaContext('authorizer'));
      trace?.authorizer(verdict?.context);
      if (!verdict?.isAuthorized) return send(res, GATEWAY.forbidden, requestId);
      authorizerContext = verdict.context ?? {};
    } catch {
      trace?.authorizer(undefined, 'Internal Server Error');
      return send(res, GATEWAY.internal, requestId);
    }
  }
  const fn = route ? route.route.fn : 'public';
  const integrationStarted = performance.now();
  try {
    const result = await options.functions[fn](apiEvent(g, authorizerContext), lambdaContext(fn));
    trace?.integration(integrationStarted);
    send(res, result, requestId);
  } catch {
    trace?.integration(integrationStarted, 'The Lambda function returned an error');
    send(res, GATEWAY.internal, requestId);
  }
}

/** Starts the access log record of a request; it goes to `sink` once the response is closed. */
function traceAccess(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  sink: AccessLogSink,
): AccessLogTrace {
  const trace = new AccessLogTrace(req, requestId);
  res.once('close', () => {
    try {
      sink(trace.finish(res));
    } catch {
      // the access log never breaks a request
    }
  });
  return trace;
}

function send(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2 | string,
  requestId: string,
): void {
  if (res.headersSent) return;
  const r: APIGatewayProxyStructuredResultV2 =
    typeof result === 'string' ? { statusCode: 200, body: result } : result;
  const headers: Record<string, string> = { 'apigw-requestid': requestId };
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  headers['content-type'] ??= 'application/json';
  const body =
    r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  // Set one by one (not passed to writeHead) so that the access log can read them back.
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.writeHead(r.statusCode ?? 200);
  res.end(body);
}
