import { z } from 'zod';
import { freeText, schemaVersion } from './common.ts';
import { intentSchema } from './intent.ts';
import { LIMITS } from './limits.ts';

export const RATINGS = ['thumbs_up', 'thumbs_down'] as const;

/** The operator's verdict on a decision. At least one of its fields besides schemaVersion. */
export const feedbackFieldsSchema = z.strictObject({
  schemaVersion,
  rating: z.enum(RATINGS).optional(),
  comment: freeText(LIMITS.maxCommentChars).optional(),
  correctIntent: intentSchema.optional(),
  humanVerified: z.boolean().optional(),
  isTrainingData: z.boolean().optional(),
});

export const feedbackSchema = feedbackFieldsSchema.refine(
  (f) => Object.keys(f).some((k) => k !== 'schemaVersion'),
  {
    message: 'feedback needs at least one of rating, comment, correctIntent, humanVerified, isTrainingData',
  },
);
export type FeedbackEvent = z.infer<typeof feedbackSchema>;
