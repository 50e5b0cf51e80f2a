/**
 * X-Ray segment documents as the daemon takes them (the documented segment format): the
 * fields this service writes, the trace header Lambda gives each invocation, and ids.
 */
import { randomUUID } from 'node:crypto';

/** A subsegment: one timed piece of work inside the function's segment. */
export interface Subsegment {
  readonly id: string;
  readonly name: string;
  readonly start_time: number;
  end_time?: number;
  /** `aws` for a call to an AWS service. @default - none */
  readonly namespace?: 'aws' | 'remote';
  readonly annotations?: Readonly<Record<string, string | number | boolean>>;
  /** Service, operation, request id, resource names of an AWS call. @default - none */
  aws?: Record<string, unknown>;
  http?: { request?: { url: string; method: string }; response?: { status: number } };
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  cause?: { exceptions: { id: string; message: string; type: string; remote?: boolean }[] };
  subsegments?: Subsegment[];
}

/** A subsegment sent on its own: it names its trace and its parent. */
export interface SubsegmentDocument extends Subsegment {
  readonly type: 'subsegment';
  readonly trace_id: string;
  readonly parent_id: string;
}

/** The `_X_AMZN_TRACE_ID` of an invocation, read. */
export interface TraceHeader {
  /** `1-5759e988-bd862e3fe1be46a994272793` */
  readonly root: string;
  /** The id of the function's segment, which Lambda writes. */
  readonly parent: string;
  readonly sampled: boolean;
}

/**
 * Reads an X-Ray trace header; undefined without a root or a parent (then nothing is traced).
 * @example parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')
 */
export function parseTraceHeader(header: string | undefined): TraceHeader | undefined {
  if (!header) return undefined;
  const parts = new Map(
    header.split(';').map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
    }),
  );
  const root = parts.get('Root');
  const parent = parts.get('Parent');
  if (!root || !parent) return undefined;
  return { root, parent, sampled: parts.get('Sampled') === '1' };
}

/** A new 16-hex-digit segment id. @example segmentId() // '53995c3f42cd8ad8' */
export const segmentId = (): string => randomUUID().replaceAll('-', '').slice(0, 16);

/** Now, in epoch seconds with sub-millisecond digits, as segment times are written. @example epochSeconds() // 1796638500.1234 */
export const epochSeconds = (): number => (performance.timeOrigin + performance.now()) / 1000;

/** What an error becomes in a subsegment's `cause`. @example sub.cause = causeOf(error, true) */
export function causeOf(error: unknown, remote = false): NonNullable<Subsegment['cause']> {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    exceptions: [{ id: segmentId(), message: e.message, type: e.name, ...(remote ? { remote } : {}) }],
  };
}
