import * as z from 'zod';
import { actionName } from './common.ts';
import { LIMITS } from './limits.ts';

/** How deep a JSON value nests (a scalar is 0, `{"a":[1]}` is 2). */
export function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const v of Object.values(value)) deepest = Math.max(deepest, jsonDepth(v));
  return deepest + 1;
}

/** What the model understood: an action and its parameters. */
export const intentSchema = z.strictObject({
  action: actionName,
  parameters: z
    .record(z.string().min(1).max(128), z.json())
    .default({})
    .refine((p) => Buffer.byteLength(JSON.stringify(p)) <= LIMITS.maxIntentParametersBytes, {
      message: `parameters must serialise to at most ${LIMITS.maxIntentParametersBytes} bytes`,
    })
    .refine((p) => jsonDepth(p) <= LIMITS.maxIntentParametersDepth, {
      message: `parameters may nest at most ${LIMITS.maxIntentParametersDepth} levels deep`,
    }),
});
export type Intent = z.infer<typeof intentSchema>;
