/**
 * The feedback verdict on a parsed intent: did the model understand the operator? One
 * definition for the metric (`aiops_intent_verdicts_total`, per feedback event) and the SQL
 * reports (`intent_verdict()` in migration 0003, per replica row); tests hold the two equal.
 */

import { canonicalJson } from '../hashing.ts';

/** The verdicts a piece of feedback can carry on the parsed intent. */
export const INTENT_VERDICTS = ['agreed', 'corrected'] as const;
export type IntentVerdict = (typeof INTENT_VERDICTS)[number];

const field = (intent: unknown, name: 'action' | 'parameters'): unknown =>
  intent !== null && typeof intent === 'object' ? (intent as Record<string, unknown>)[name] : undefined;

/**
 * Whether two intents are the same: action and parameters compared as JSON (key order
 * ignored, an absent action is `null`, absent parameters are `{}`), as jsonb equality compares them.
 * @example sameIntent({ action: 'a', parameters: { x: 1, y: 2 } }, { action: 'a', parameters: { y: 2, x: 1 } }) // true
 */
export function sameIntent(a: unknown, b: unknown): boolean {
  return (
    canonicalJson(field(a, 'action') ?? null) === canonicalJson(field(b, 'action') ?? null) &&
    canonicalJson(field(a, 'parameters') ?? {}) === canonicalJson(field(b, 'parameters') ?? {})
  );
}

/**
 * The verdict feedback carries on the parsed intent:
 * - `corrected` when a correct intent is given and differs from the parsed one;
 * - `agreed` when the correct intent equals the parsed one, or the rating is thumbs up
 *   without a correction;
 * - `undefined` otherwise (a thumbs down without a correction, a comment or a reviewer flag
 *   alone): no verdict.
 * @example intentVerdict({ action: 'dns.add_record', parameters: {} }, undefined, 'thumbs_up') // 'agreed'
 */
export function intentVerdict(
  parsedIntent: unknown,
  correctIntent: unknown,
  rating: unknown,
): IntentVerdict | undefined {
  if (correctIntent !== undefined && correctIntent !== null)
    return sameIntent(correctIntent, parsedIntent) ? 'agreed' : 'corrected';
  return rating === 'thumbs_up' ? 'agreed' : undefined;
}
