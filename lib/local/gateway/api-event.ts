import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

/** What the gateway knows of one request before it calls a function. */
export interface GatewayRequest {
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly requestId: string;
  /** `POST /v1/decisions`, or `$default`. */
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

const TEXT_TYPES = /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml|javascript|x-www-form-urlencoded))/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Lower-cased headers, repeated ones joined with commas, as API Gateway v2 does. */
function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

/**
 * The body as API Gateway passes it: text for textual media types when it is valid UTF-8,
 * base64 otherwise.
 */
function bodyOf(body: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  if (contentType && TEXT_TYPES.test(contentType)) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // invalid UTF-8: fall through to base64, the handler decides
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

function splitUrl(req: IncomingMessage): {
  rawPath: string;
  rawQueryString: string;
  query?: Record<string, string>;
} {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQueryString = q < 0 ? '' : url.slice(q + 1);
  if (!rawQueryString) return { rawPath, rawQueryString };
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) query[k] = k in query ? `${query[k]},${v}` : v;
  return { rawPath, rawQueryString, query };
}

/** An API Gateway HTTP API (payload 2.0) event for a request. */
export function apiEvent(
  g: GatewayRequest,
  authorizerContext?: Record<string, unknown>,
): APIGatewayProxyEventV2 {
  const headers = headersOf(g.req);
  const { rawPath, rawQueryString, query } = splitUrl(g.req);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: g.routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(g.pathParameters ? { pathParameters: g.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: g.req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${g.req.httpVersion}`,
        sourceIp: g.req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: g.requestId,
      routeKey: g.routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(authorizerContext ? { authorizer: { lambda: authorizerContext } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
    ...bodyOf(g.body, headers['content-type']),
  };
}

/** The authorizer's (REQUEST, payload 2.0) event for a request. */
export function authorizerEvent(g: GatewayRequest): APIGatewayRequestAuthorizerEventV2 {
  const e = apiEvent(g);
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${g.routeKey.replace(' ', '')}`,
    identitySource: [e.headers.authorization ?? ''],
    routeKey: g.routeKey,
    rawPath: e.rawPath,
    rawQueryString: e.rawQueryString,
    headers: e.headers,
    ...(e.queryStringParameters ? { queryStringParameters: e.queryStringParameters } : {}),
    ...(e.pathParameters ? { pathParameters: e.pathParameters } : {}),
    requestContext: e.requestContext,
  } as APIGatewayRequestAuthorizerEventV2;
}
