import { uuid } from '#contract/common';
import { HttpProblem } from './problem.ts';

/**
 * The `{id}` path parameter as a lower-case UUID.
 * @throws HttpProblem 422 (writes) or 404 (reads) when it is not a UUID.
 */
export function decisionIdParam(raw: string | undefined, onInvalid: 422 | 404): string {
  const parsed = uuid.safeParse(raw ?? '');
  if (parsed.success) return parsed.data;
  if (onInvalid === 404) throw new HttpProblem(404, 'not_found', 'no decision has this id');
  throw new HttpProblem(422, 'validation_failed', 'the decision id in the path must be a UUID', [
    { pointer: 'path:id', code: 'invalid_format', message: 'must be a UUID' },
  ]);
}
