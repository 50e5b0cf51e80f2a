import { LIMITS } from '#contract/limits';
import type * as z from '#contract/zod';
import { listFieldErrors, summariseFieldErrors } from '#domain/field-errors';
import { HttpProblem } from './problem.ts';

/**
 * Validates query string parameters; a problem names each bad parameter as `query:<name>`.
 * @throws HttpProblem 422 invalid_query
 */
export function readQuery<T>(
  schema: z.ZodMiniType<T>,
  params: Record<string, string | undefined> | undefined,
): T {
  const res = schema.safeParse(params ?? {});
  if (res.success) return res.data;
  const errors = res.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({
          pointer: `query:${k}`,
          code: 'unknown_parameter',
          message: 'unknown query parameter',
        }))
      : [{ pointer: `query:${i.path.join('.')}`, code: i.code, message: i.message }],
  );
  const listed = listFieldErrors(errors, LIMITS.maxErrorsPerResponse);
  throw new HttpProblem(422, 'invalid_query', summariseFieldErrors(listed), listed);
}
