import { feedbackSchema } from '#contract/feedback';
import { decisionEventHandler } from '#runtime/decision-event-handler';
import type { Runtime } from '#runtime/runtime';

/** `POST /v1/decisions/{id}/feedback`: a rating, comment, corrected intent or reviewer's verdict. */
export function createIngestFeedbackHandler(runtime: Runtime) {
  return decisionEventHandler(runtime, {
    metric: 'Feedback',
    schema: feedbackSchema,
    lifecycleEvent: (decisionId, event) => ({ section: 'feedback', decisionId, event }),
    timestampsOf: (f) => ({ submittedAt: f.submittedAt }),
  });
}
