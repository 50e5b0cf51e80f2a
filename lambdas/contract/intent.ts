import { z } from 'zod';
import { actionName } from './common.ts';
import { LIMITS } from './limits.ts';

/** What the model understood: an action and its parameters. */
export const intentSchema = z.strictObject({
  action: actionName,
  parameters: z
    .record(z.string().min(1).max(128), z.json())
    .default({})
    .refine((p) => Buffer.byteLength(JSON.stringify(p)) <= LIMITS.maxIntentParametersBytes, {
      message: `parameters must serialise to at most ${LIMITS.maxIntentParametersBytes} bytes`,
    }),
});
export type Intent = z.infer<typeof intentSchema>;
