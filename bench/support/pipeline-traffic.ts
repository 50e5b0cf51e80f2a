/**
 * Paced traffic for `freshness`: decisions sent through the local stack's HTTP API at a
 * steady rate, each followed by its execution, with the moment the execution was accepted.
 */
import { sampleDecision, sampleExecution } from '../../test/support/samples.ts';
import { nowMs } from './stats.ts';

/** One decision whose execution the API accepted. */
export interface AcceptedDecision {
  readonly id: string;
  /** Monotonic time (`nowMs`) the execution's 2xx arrived. */
  readonly acceptedMs: number;
  /** Wall-clock time of the same moment (to compare with the database's `updated_at`). */
  readonly acceptedWallMs: number;
}

/** What the traffic achieved. */
export interface TrafficResult {
  /** Accepted decisions, in the order their executions were accepted. */
  readonly accepted: AcceptedDecision[];
  /** Requests answered with a non-2xx status or failed, with the first message. */
  readonly failures: number;
  readonly firstFailure?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Sends `count` decisions, one every `durationMs / count` ms (each pair in flight on its own,
 * so a slow answer does not delay the schedule), each decision then its execution.
 * @example const { accepted } = await sendPacedDecisions(stack.url, stack.apiKey, { count: 240, durationMs: 30_000 });
 */
export async function sendPacedDecisions(
  url: string,
  apiKey: string,
  options: {
    readonly count: number;
    readonly durationMs: number;
    /** Called just before the execution is sent. */
    readonly onSent?: (id: string) => void;
    /** Called when the execution was accepted (in acceptance order). */
    readonly onAccepted?: (id: string) => void;
  },
): Promise<TrafficResult> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 200)}`);
  };
  const accepted: AcceptedDecision[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const gap = options.durationMs / options.count;
  const start = nowMs();
  const sendOne = async (i: number): Promise<void> => {
    await sleep(start + i * gap - nowMs());
    const decision = sampleDecision();
    const id = decision.decisionId as string;
    try {
      await post('/v1/decisions', decision);
      options.onSent?.(id);
      await post(`/v1/decisions/${id}/execution`, sampleExecution());
      accepted.push({ id, acceptedMs: nowMs(), acceptedWallMs: Date.now() });
      options.onAccepted?.(id);
    } catch (e) {
      failures++;
      firstFailure ??= (e as Error).message;
    }
  };
  await Promise.all(Array.from({ length: options.count }, (_, i) => sendOne(i)));
  accepted.sort((a, b) => a.acceptedMs - b.acceptedMs);
  return { accepted, failures, ...(firstFailure ? { firstFailure } : {}) };
}
