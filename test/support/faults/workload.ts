/**
 * A seeded workload of decisions, each with its execution (a realistic share failed or timed
 * out) and some with feedback, some executions planned before their decision and some events
 * planned twice; and the counters the metrics must show for whatever of it was accepted.
 */
import { randomUUID } from 'node:crypto';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';
import {
  type DecisionInput,
  type ExecutionInput,
  type FeedbackInput,
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
} from '../samples.ts';

/** The actions the workload spreads its decisions over. */
export const WORKLOAD_ACTIONS = [
  'dns.add_record',
  'mail.add_alias',
  'samba.create_share',
  'pki.issue_certificate',
];

/** One decision and the events that follow it. */
export interface PlannedDecision {
  readonly id: string;
  readonly action: string;
  readonly status: 'success' | 'failed' | 'timeout';
  readonly rating?: 'thumbs_up' | 'thumbs_down';
  readonly decision: DecisionInput;
  readonly execution: ExecutionInput;
  readonly feedback?: FeedbackInput;
  /** The execution is sent before the decision. */
  readonly executionFirst: boolean;
  /** The execution (and feedback) are sent twice. */
  readonly resend: boolean;
}

/**
 * `n` decisions drawn from `seed` (ids are random UUIDs, so a shared database never holds them yet).
 * @example planWorkload(7, 100).filter((d) => d.status === 'failed').length // about 12
 */
export function planWorkload(seed: number, n: number): PlannedDecision[] {
  const rng = createRng(seededRandom(seed));
  return Array.from({ length: n }, () => {
    const id = randomUUID();
    const action = rng.pick(WORKLOAD_ACTIONS);
    const status = rng.weighted([
      ['success', 82],
      ['failed', 12],
      ['timeout', 6],
    ] as const);
    const rating = rng.chance(0.2)
      ? rng.weighted([
          ['thumbs_up', 3],
          ['thumbs_down', 1],
        ] as const)
      : undefined;
    const execution =
      status === 'success'
        ? sampleExecution({ durationSeconds: rng.float(1, 90, 1) })
        : sampleFailedExecution({ status, durationSeconds: rng.float(1, 120, 1) });
    return {
      id,
      action,
      status,
      ...(rating ? { rating, feedback: sampleFeedback({ rating }) } : {}),
      decision: sampleDecision({
        decisionId: id,
        intent: { action, parameters: { n: rng.int(1, 1000) } },
        confidence: rng.float(0.2, 0.99, 2),
      }),
      execution,
      executionFirst: rng.chance(0.05),
      resend: rng.chance(0.03),
    };
  });
}

/** The true counters of a set of accepted decisions (each with its execution accepted). */
export interface TrueCounts {
  /** `action|status` → aiops_requests_total. */
  readonly requests: Map<string, number>;
  /** rating → aiops_feedback_total. */
  readonly feedback: Map<string, number>;
  /** action → aiops_llm_confidence_score_count. */
  readonly confidence: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/**
 * Counts what the metrics must show for `accepted`.
 * @example trueCounts(planWorkload(7, 10)).confidence // Map { 'dns.add_record' => 3, … }
 */
export function trueCounts(accepted: readonly PlannedDecision[]): TrueCounts {
  const counts: TrueCounts = { requests: new Map(), feedback: new Map(), confidence: new Map() };
  for (const d of accepted) {
    bump(counts.requests, `${d.action}|${d.status}`);
    bump(counts.confidence, d.action);
    if (d.rating) bump(counts.feedback, d.rating);
  }
  return counts;
}
