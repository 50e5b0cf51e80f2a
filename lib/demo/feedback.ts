import type * as z from 'zod';
import type { feedbackSchema } from '#contract/feedback';
import type { ExecutionOutcome } from './execution.ts';
import type { Rng } from './random.ts';
import type { Intent } from './scenario-types.ts';

/** Feedback as the contract carries it. */
export type FeedbackPayload = z.input<typeof feedbackSchema>;

/** What the operator saw before rating a decision. */
export interface FeedbackContext {
  readonly status: ExecutionOutcome;
  /** The model picked the wrong action (a low-confidence misread). */
  readonly misread: boolean;
  /** The intent the operator meant. */
  readonly trueIntent: Intent;
}

const PRAISE = ['perfect', 'exactly what I wanted', 'fast, thanks', 'good playbook, used it as is'];
const COMPLAINTS: Readonly<Record<ExecutionOutcome, readonly string[]>> = {
  success: ['worked, but it did more than I asked', 'ok but reloaded the service during business hours'],
  failed: [
    'playbook failed, had to do it by hand',
    'wrong path on this appliance',
    'the check task is wrong',
  ],
  timeout: ['timed out again', 'hung on the service restart, had to kill it'],
};

/**
 * Draws the operator's feedback, or `undefined` when they gave none (most decisions).
 * Successes mostly earn a thumbs up (and, when a reviewer verified them, a place in the
 * training data); failures a thumbs down; misreads a thumbs down with the intended intent.
 * @example simulateFeedback(rng, { status: 'success', misread: false, trueIntent }) // e.g. { schemaVersion: 1, rating: 'thumbs_up' }
 */
export function simulateFeedback(rng: Rng, ctx: FeedbackContext): FeedbackPayload | undefined {
  if (ctx.misread) {
    if (!rng.chance(0.8)) return undefined;
    const verified = rng.chance(0.6);
    return {
      schemaVersion: 1,
      rating: 'thumbs_down',
      ...(rng.chance(0.75) ? { correctIntent: ctx.trueIntent } : {}),
      comment: `wrong action, I meant ${ctx.trueIntent.action}`,
      ...(verified ? { humanVerified: true, isTrainingData: true } : {}),
    };
  }
  if (ctx.status === 'success') {
    if (rng.chance(0.05)) return { schemaVersion: 1, humanVerified: true, isTrainingData: true };
    if (!rng.chance(0.3)) return undefined;
    const up = rng.chance(0.92);
    const verified = up && rng.chance(0.35);
    return {
      schemaVersion: 1,
      rating: up ? 'thumbs_up' : 'thumbs_down',
      ...(up && rng.chance(0.2) ? { comment: rng.pick(PRAISE) } : {}),
      ...(!up ? { comment: rng.pick(COMPLAINTS.success) } : {}),
      ...(verified ? { humanVerified: true, isTrainingData: rng.chance(0.7) } : {}),
    };
  }
  if (!rng.chance(0.45)) return undefined;
  const down = rng.chance(0.85);
  return {
    schemaVersion: 1,
    rating: down ? 'thumbs_down' : 'thumbs_up',
    ...(down && rng.chance(0.6) ? { comment: rng.pick(COMPLAINTS[ctx.status]) } : {}),
    ...(rng.chance(0.1) ? { humanVerified: true, isTrainingData: false } : {}),
  };
}
