/**
 * Records each `fetch` made inside an invocation as a `remote` subsegment named by its host
 * (URL, method, status, error flags), as the Powertools Tracer did: through the diagnostics
 * channels Node's fetch (undici) publishes, so no module is patched.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Invocation } from './invocation.ts';
import { causeOf, epochSeconds, type Subsegment, segmentId } from './segment.ts';

interface UndiciRequest {
  readonly origin: string | URL;
  readonly path: string;
  readonly method: string;
}

/**
 * Subscribes for the life of the process; requests made while `current()` gives no invocation
 * go untraced.
 * @example traceFetch(() => invocation)
 */
export function traceFetch(current: () => Invocation | undefined): void {
  const open = new WeakMap<UndiciRequest, { sub: Subsegment; invocation: Invocation }>();
  const close = (request: UndiciRequest, finish: (sub: Subsegment) => void) => {
    const entry = open.get(request);
    if (!entry) return;
    open.delete(request);
    finish(entry.sub);
    entry.sub.end_time = epochSeconds();
    entry.invocation.add(entry.sub);
  };
  subscribe('undici:request:create', (message) => {
    const invocation = current();
    const { request } = message as { request: UndiciRequest };
    if (!invocation) return;
    const url = new URL(request.path, request.origin);
    open.set(request, {
      invocation,
      sub: {
        id: segmentId(),
        name: url.hostname,
        start_time: epochSeconds(),
        namespace: 'remote',
        http: { request: { url: `${url.origin}${url.pathname}`, method: request.method } },
      },
    });
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    close(request, (sub) => {
      const status = response.statusCode;
      sub.http = { ...sub.http, response: { status } };
      if (status === 429) sub.throttle = true;
      if (status >= 400 && status < 500) sub.error = true;
      if (status >= 500) sub.fault = true;
    });
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    close(request, (sub) => {
      sub.fault = true;
      sub.cause = causeOf(error, true);
    });
  });
}
