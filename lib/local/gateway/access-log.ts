/**
 * The local gateway's access log: for every request, the record API Gateway's `$default`
 * stage writes in AWS (same fields, same text forms, `-` left out), built while the request
 * is handled and finished when the response is closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLogRecord } from '#domain/metrics/access-log-format';

/** Receives one record per request; must return at once (the record is queued, not processed). */
export type AccessLogSink = (record: AccessLogRecord) => void;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `$context.requestTime`: the CLF form API Gateway writes, in UTC.
 * @example clfTime(new Date('2026-11-21T15:11:57Z')) // '21/Nov/2026:15:11:57 +0000'
 */
export function clfTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** What the gateway learns about a request while it handles it. */
export class AccessLogTrace {
  private readonly started = performance.now();
  private readonly receivedAt = new Date();
  private fields: Record<string, string> = {};

  constructor(
    private readonly req: IncomingMessage,
    private readonly requestId: string,
  ) {}

  /** The route API Gateway chose: `POST /v1/decisions`, or `$default`. */
  route(routeKey: string): void {
    this.fields.routeKey = routeKey;
  }

  /** The authorizer's verdict: its context (key id, tenant), or the reason it failed. */
  authorizer(context: Record<string, unknown> | undefined, error?: string): void {
    if (error) this.fields.authorizerError = error;
    if (!context) return;
    this.fields.authenticated = String(context.authenticated ?? true);
    for (const k of ['keyId', 'customerId', 'reason'] as const)
      if (typeof context[k] === 'string') this.fields[k === 'reason' ? 'authReason' : k] = context[k];
  }

  /** The integration (the function) ran from `startedMs` (a `performance.now()` time) until now. */
  integration(startedMs: number, error?: string): void {
    this.fields.integrationLatency = String(Math.round(performance.now() - startedMs));
    this.fields.integrationStatus = '200';
    if (error) this.fields.integrationError = error;
  }

  /** The record, once the response is closed. */
  finish(res: ServerResponse): AccessLogRecord {
    const path = (this.req.url ?? '/').split('?')[0] as string;
    const length = res.getHeader('content-length');
    const record: Record<string, string> = {
      requestId: this.requestId,
      ip: this.req.socket.remoteAddress ?? '127.0.0.1',
      requestTime: clfTime(this.receivedAt),
      httpMethod: this.req.method ?? 'GET',
      path,
      status: String(res.statusCode),
      protocol: `HTTP/${this.req.httpVersion}`,
      latency: String(Math.round(performance.now() - this.started)),
      ...(this.req.headers['user-agent'] ? { userAgent: this.req.headers['user-agent'] } : {}),
      ...(length !== undefined ? { responseLength: String(length) } : {}),
      ...this.fields,
    };
    return record;
  }
}
