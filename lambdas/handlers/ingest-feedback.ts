import { feedbackSchema } from '#contract/feedback';
import { decisionEventHandler } from '#shared/decision-event-handler';

/** `POST /v1/decisions/{id}/feedback`: a rating, comment, corrected intent or reviewer's verdict. */
export const handler = decisionEventHandler({
  metric: 'Feedback',
  schema: feedbackSchema,
  lifecycleEvent: (decisionId, event) => ({ section: 'feedback', decisionId, event }),
  timestampsOf: (f) => ({ submittedAt: f.submittedAt }),
});
