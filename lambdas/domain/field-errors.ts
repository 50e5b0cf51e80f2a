import type * as z from 'zod';
import type { FieldError } from '#contract/responses';

/** Escapes one JSON Pointer segment (RFC 6901). */
const escapeSegment = (s: PropertyKey): string => String(s).replaceAll('~', '~0').replaceAll('/', '~1');

/** Builds a JSON Pointer from a path, under an optional prefix such as `/decisions/3`. */
export const jsonPointer = (path: readonly PropertyKey[], prefix = ''): string =>
  prefix + path.map((p) => `/${escapeSegment(p)}`).join('');

/**
 * Turns zod issues into the API's field errors: a JSON Pointer, a code and a message.
 * Unknown fields are reported one per key, so the client sees each by name.
 */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          pointer: jsonPointer([...issue.path, key], prefix),
          code: 'unknown_field',
          message: 'unknown field',
        });
      }
      continue;
    }
    out.push({ pointer: jsonPointer(issue.path, prefix), code: issue.code, message: issue.message });
  }
  return out;
}
