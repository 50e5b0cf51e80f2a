/**
 * The known traffic of the `cost` benchmark, through the local stack's HTTP API: decisions
 * each with its execution and one feedback (the lifecycle the price is quoted for), or
 * heartbeats, a few in flight at a time, with each request's time by route.
 */
import {
  sampleDecision,
  sampleExecution,
  sampleFeedback,
  sampleHeartbeat,
} from '../../test/support/samples.ts';
import { nowMs } from './stats.ts';

/** Milliseconds each request took, by the function that served it. */
export type RouteTimes = Record<string, number[]>;

/** What a run sent. */
export interface TrafficRun {
  readonly requests: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly times: RouteTimes;
  /** Request body bytes sent, by function. */
  readonly bodyBytes: Record<string, number>;
}

/** One request: the function that serves it, its path, its body. */
type Step = readonly [fn: string, path: string, body: unknown];

/** The lifecycle of one decision: the decision, its execution, one feedback. */
export function lifecycle(): Step[] {
  const decision = sampleDecision();
  const id = decision.decisionId as string;
  return [
    ['ingest-decisions', '/v1/decisions', decision],
    ['ingest-execution', `/v1/decisions/${id}/execution`, sampleExecution()],
    ['ingest-feedback', `/v1/decisions/${id}/feedback`, sampleFeedback()],
  ];
}

const HEARTBEATS_FROM = Date.now() - 3_600_000;

/** Heartbeat `i` of one appliance, a second after heartbeat `i - 1` (each its own item, each the latest). */
export function heartbeat(i: number): Step[] {
  const sentAt = new Date(HEARTBEATS_FROM + i * 1000).toISOString();
  return [['ingest-heartbeats', '/v1/heartbeats', sampleHeartbeat({ sentAt })]];
}

/**
 * Sends `count` units of traffic (each unit's requests in order), `concurrency` units at a time.
 * @example const run = await sendTraffic(stack.url, stack.apiKey, 200, () => lifecycle());
 */
export async function sendTraffic(
  url: string,
  apiKey: string,
  count: number,
  unit: (i: number) => Step[],
  concurrency = 8,
): Promise<TrafficRun> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const times: RouteTimes = {};
  const bodyBytes: Record<string, number> = {};
  let requests = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      for (const [fn, path, body] of unit(i)) {
        const text = JSON.stringify(body);
        const started = nowMs();
        requests++;
        try {
          const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: text });
          const answer = await res.text();
          if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${answer.slice(0, 200)}`);
          times[fn] = [...(times[fn] ?? []), nowMs() - started];
          bodyBytes[fn] = (bodyBytes[fn] ?? 0) + Buffer.byteLength(text);
        } catch (e) {
          failures++;
          firstFailure ??= (e as Error).message;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests, failures, ...(firstFailure ? { firstFailure } : {}), times, bodyBytes };
}
