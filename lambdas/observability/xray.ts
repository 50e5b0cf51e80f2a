import type { MiddlewareObj } from '@middy/core';
import { type DaemonEmitter, daemonAddress, daemonEmitter } from '#adapters/xray/daemon';
import { traceFetch } from '#adapters/xray/fetch-subsegments';
import { type Invocation, openInvocation } from '#adapters/xray/invocation';
import { isTraceable, traceSdkClient } from '#adapters/xray/sdk-subsegments';
import { parseTraceHeader } from '#adapters/xray/segment';
import type { Tracing } from './tracing.ts';

/** Where traces go and where each invocation's trace header comes from. */
export interface XRayOptions {
  readonly serviceName: string;
  /** @default the daemon at `AWS_XRAY_DAEMON_ADDRESS` */
  readonly emitter?: DaemonEmitter;
  /** The invocation's trace header. @default () => process.env._X_AMZN_TRACE_ID */
  readonly traceHeader?: () => string | undefined;
  /** Names the invocation subsegment `## <handler>`. @default process.env._HANDLER ?? 'index.handler' */
  readonly handlerName?: string;
  /** Region written on AWS call subsegments. @default process.env.AWS_REGION */
  readonly region?: string;
}

/**
 * Tracing to X-Ray without the X-Ray SDK: each sampled invocation is a subsegment `## handler`
 * of the function's segment (annotated ColdStart and Service, as the Powertools Tracer did)
 * and each AWS SDK call and `fetch` inside it a child subsegment, sent to the daemon over UDP when the
 * invocation ends. Lambda runs one invocation at a time per process, so the open invocation
 * is this object's state. Loaded only when tracing is on (see tracing.ts).
 * @example const tracing = createXRayTracing({ serviceName: 'reads' }); middy(fn).use(tracing.middleware)
 */
export function createXRayTracing(options: XRayOptions): Tracing {
  const emitter = options.emitter ?? daemonEmitter(daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS));
  const traceHeader = options.traceHeader ?? (() => process.env._X_AMZN_TRACE_ID);
  const name = `## ${options.handlerName ?? process.env._HANDLER ?? 'index.handler'}`;
  const region = options.region ?? process.env.AWS_REGION ?? '';
  let current: Invocation | undefined;
  let coldStart = true;
  const end = (error?: unknown) => {
    current?.end(error);
    current = undefined;
  };
  traceFetch(() => current);
  const middleware: MiddlewareObj = {
    before: () => {
      const header = parseTraceHeader(traceHeader());
      const annotations = { ColdStart: coldStart, Service: options.serviceName };
      coldStart = false;
      current = header?.sampled ? openInvocation(header, { name, annotations }, emitter) : undefined;
    },
    after: () => end(),
    onError: (request) => end(request.error ?? new Error('unknown error')),
  };
  return {
    middleware: [middleware],
    traceClient<T>(client: T): T {
      if (isTraceable(client)) traceSdkClient(client, () => current, region);
      return client;
    },
  };
}
