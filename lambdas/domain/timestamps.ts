import { LIMITS } from '#contract/limits';
import type { FieldError } from '#contract/responses';

/**
 * Client timestamps may not lie in the future beyond the allowed clock skew: such a
 * record would sort above every real one for ever.
 */
export function futureTimestampErrors(
  fields: Record<string, string | undefined>,
  now: Date,
  prefix = '',
): FieldError[] {
  const limit = now.getTime() + LIMITS.maxClockSkewSeconds * 1000;
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && Date.parse(v) > limit)
    .map(([k]) => ({
      pointer: `${prefix}/${k}`,
      code: 'timestamp_in_future',
      message: `more than ${LIMITS.maxClockSkewSeconds} s in the future`,
    }));
}
