import { actionName, storableString } from './common.ts';
import { LIMITS } from './limits.ts';
import { storableJsonIssues } from './storable.ts';
import * as z from './zod.ts';

/**
 * Any JSON value the store and the replica keep exactly: numbers DynamoDB can hold (0 or a
 * magnitude from 1e-130 to below 1e126; beyond 2^53 they are IEEE 754 doubles, as JSON
 * parsers read them), strings and member names without U+0000 or lone surrogates, no empty
 * member names. Checked on the whole value by the `parameters` refinement below, which names
 * each offending value.
 */
export const jsonValueSchema = z.json();

/** What the model understood: an action and its parameters. */
export const intentSchema = z.strictObject({
  action: actionName,
  parameters: z._default(z.record(storableString(128), jsonValueSchema), {}).check(
    z.refine((p) => Buffer.byteLength(JSON.stringify(p)) <= LIMITS.maxIntentParametersBytes, {
      message: `parameters must serialise to at most ${LIMITS.maxIntentParametersBytes} bytes`,
      abort: true,
    }),
    z.superRefine((p, ctx) => {
      for (const issue of storableJsonIssues(p, LIMITS.maxIntentParametersDepth)) {
        ctx.addIssue({
          code: 'custom',
          path: issue.path,
          message: issue.code === 'too_deep' ? `parameters ${issue.message}` : issue.message,
        });
      }
    }),
  ),
});
export type Intent = z.infer<typeof intentSchema>;
