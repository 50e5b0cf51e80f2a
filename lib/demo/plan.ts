import type { Interaction } from './agent.ts';
import type { Rng } from './random.ts';

/** What one request carries; a batch of decisions is `decisions`. */
export type StepKind = 'decision' | 'decisions' | 'execution' | 'feedback' | 'heartbeat' | 'heartbeats';

/** One request of the plan, at an offset from the start of its unit. */
export interface Step {
  readonly atMs: number;
  readonly kind: StepKind;
  /** Path below the API's base URL, e.g. `/v1/decisions/{id}/execution`. */
  readonly path: string;
  /** The JSON text; a resend carries exactly the text of the original. */
  readonly body: string;
  /** A deliberate second copy of an earlier step (the API must answer duplicate). */
  readonly resend: boolean;
  /** The decisions the step is about. */
  readonly decisionIds: readonly string[];
  /** Events the body carries (the size of a batch). */
  readonly events: number;
  /** An execution planned to reach the API before its decision. */
  readonly early: boolean;
}

/** Largest batch of decisions the agent flushes at once. */
export const MAX_DECISION_BATCH = 8;

/**
 * How many requests one arrival carries: usually one, sometimes a buffered batch.
 * @param batchShare the share of arrivals that are batches. @default 0.12
 */
export const drawUnitSize = (rng: Rng, batchShare = 0.12): number =>
  rng.chance(batchShare) ? rng.int(2, MAX_DECISION_BATCH) : 1;

/**
 * Turns the interactions of one arrival into the requests the agent sends, in the order
 * they reach the API: the decisions (one post, or one `{ decisions: [...] }` batch), each
 * execution when its run ends, each feedback later. An execution marked `executionFirst`
 * is sent before its decision, which follows on its own; a marked resend repeats the
 * original's exact body a little later.
 * @example planUnit(rng, [interaction], new Date()).map((s) => s.kind) // ['decision', 'execution', 'feedback']
 */
export function planUnit(rng: Rng, interactions: readonly Interaction[], start: Date): Step[] {
  const offset = (d: Date | undefined) => Math.max(0, (d?.getTime() ?? 0) - start.getTime());
  const steps: Step[] = [];
  const singles = new Map<string, Step>();
  const batchable = interactions.filter((i) => !i.executionFirst);
  if (batchable.length > 1) {
    const decisions = batchable.map((i) => i.decision);
    steps.push(
      step(
        0,
        'decisions',
        '/v1/decisions',
        { decisions },
        batchable.map((i) => i.decisionId),
        decisions.length,
      ),
    );
  } else if (batchable[0]) {
    const i = batchable[0];
    singles.set(i.decisionId, push(steps, step(0, 'decision', '/v1/decisions', i.decision, [i.decisionId])));
  }
  for (const i of interactions) {
    const ids = [i.decisionId];
    const base = `/v1/decisions/${i.decisionId}`;
    const execution = push(steps, {
      ...step(offset(i.executionAt), 'execution', `${base}/execution`, i.execution, ids),
      early: i.executionFirst,
    });
    let decisionAt = 0;
    if (i.executionFirst) {
      decisionAt = execution.atMs + rng.int(500, 5_000);
      singles.set(i.decisionId, push(steps, step(decisionAt, 'decision', '/v1/decisions', i.decision, ids)));
    }
    const feedback = i.feedback
      ? push(
          steps,
          step(Math.max(offset(i.feedbackAt), decisionAt), 'feedback', `${base}/feedback`, i.feedback, ids),
        )
      : undefined;
    const original =
      i.resend === 'decision'
        ? (singles.get(i.decisionId) ?? step(0, 'decision', '/v1/decisions', i.decision, ids))
        : i.resend === 'execution'
          ? execution
          : i.resend === 'feedback'
            ? feedback
            : undefined;
    if (original) {
      const after = Math.max(original.atMs, decisionAt) + rng.int(300, 3_000);
      steps.push({ ...original, atMs: after, resend: true });
    }
  }
  return steps.sort((a, b) => a.atMs - b.atMs);
}

function step(
  atMs: number,
  kind: StepKind,
  path: string,
  payload: unknown,
  ids: readonly string[],
  events = 1,
): Step {
  const body = JSON.stringify(payload);
  return { atMs, kind, path, body, resend: false, decisionIds: ids, events, early: false };
}

function push(steps: Step[], s: Step): Step {
  steps.push(s);
  return s;
}
