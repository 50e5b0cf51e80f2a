import { eventTime, freeText, schemaVersion } from './common.ts';
import { intentSchema } from './intent.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

export const RATINGS = ['thumbs_up', 'thumbs_down'] as const;

/**
 * A person's verdict on a decision. At least one field besides schemaVersion and submittedAt.
 * A decision keeps up to `LIMITS.maxFeedbackEvents` distinct feedback events (the operator's
 * thumbs now, a reviewer's `humanVerified` later); they merge field by field in
 * `submittedAt` order (arrival order when absent), the later value winning.
 */
export const feedbackFieldsSchema = z.strictObject({
  schemaVersion,
  submittedAt: z
    .optional(eventTime)
    .check(z.describe('When the person gave this feedback; orders several feedback events')),
  rating: z.optional(z.enum(RATINGS)),
  comment: z.optional(freeText(LIMITS.maxCommentChars)),
  correctIntent: z.optional(intentSchema),
  humanVerified: z.optional(z.boolean()),
  isTrainingData: z.optional(z.boolean()),
});

export const feedbackSchema = feedbackFieldsSchema.check(
  z.refine((f) => Object.keys(f).some((k) => k !== 'schemaVersion' && k !== 'submittedAt'), {
    message: 'feedback needs at least one of rating, comment, correctIntent, humanVerified, isTrainingData',
  }),
);
export type FeedbackEvent = z.infer<typeof feedbackSchema>;
