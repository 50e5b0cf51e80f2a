import type { FieldError } from '#contract/responses';
import type * as z from '#contract/zod';

/** Escapes one JSON Pointer segment (RFC 6901). */
const escapeSegment = (s: PropertyKey): string => String(s).replaceAll('~', '~0').replaceAll('/', '~1');

/** Builds a JSON Pointer from a path, under an optional prefix such as `/decisions/3`. */
export const jsonPointer = (path: readonly PropertyKey[], prefix = ''): string =>
  prefix + path.map((p) => `/${escapeSegment(p)}`).join('');

/**
 * Turns zod issues into the API's field errors: a JSON Pointer, a code and a message.
 * Unknown fields are reported one per key, so the client sees each by name.
 */
export function fieldErrors(error: z.core.$ZodError, prefix = ''): FieldError[] {
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

/** Characters kept of a pointer or message: a member name may be megabytes long. */
const MAX_TEXT_CHARS = 128;

/** `text` cut to `max` characters, the cut marked with `…` (never halving a surrogate pair). */
function clip(text: string, max = MAX_TEXT_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Field errors as an answer lists them: the first few, and how many there were in all. */
export interface ListedFieldErrors {
  readonly errors: FieldError[];
  /** Every field error found, listed or not. */
  readonly errorCount: number;
}

/**
 * The first `max` field errors, each pointer and message cut to 128 characters, with the
 * total count: what an answer lists of a body's errors, so its size never grows with the
 * body's (a 4 MiB body of unknown members would otherwise answer tens of megabytes).
 * @example listFieldErrors(errors, LIMITS.maxErrorsPerItem) // { errors: [...20], errorCount: 4711 }
 */
export function listFieldErrors(errors: readonly FieldError[], max: number): ListedFieldErrors {
  return {
    errors: errors.slice(0, Math.max(0, max)).map((e) => ({
      pointer: clip(e.pointer),
      code: clip(e.code),
      message: clip(e.message),
    })),
    errorCount: errors.length,
  };
}

/**
 * One line for people: the first error and how many more there are; the errors themselves
 * are in `errors`.
 * @example summariseFieldErrors(listed) // '/confidence: Too big: expected number to be <=1 (and 2 more errors)'
 */
export function summariseFieldErrors(listed: ListedFieldErrors): string {
  const first = listed.errors[0];
  if (!first) return listed.errorCount > 0 ? `${listed.errorCount} errors` : 'invalid';
  const more = listed.errorCount - 1;
  const rest = more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'})` : '';
  return `${first.pointer || '/'}: ${first.message}${rest}`;
}
