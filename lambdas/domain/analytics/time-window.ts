/**
 * The time bounds analysts type: an RFC 3339 time, a span back from now, or no bound at all.
 */

const SPAN = /^(\d{1,6})(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** A bound as SQL receives it: ISO 8601 UTC, or PostgreSQL's `-infinity` / `infinity`. */
export type TimeBound = string;

/**
 * Parses a time bound.
 * - `30m`, `24h`, `7d`, `2w`: that long before `now`;
 * - an RFC 3339 time (`2026-11-21T10:00:00Z`, `2026-11-21T12:00+02:00`) or a date (`2026-11-21`, UTC midnight);
 * - `all` (or the `open` value): no bound.
 * @param open - what `all` means here: `-infinity` for a lower bound, `infinity` for an upper one
 * @throws Error naming `option` and the accepted forms
 * @example parseTimeBound('24h', new Date('2026-11-21T10:00:00Z'), '--since') // '2026-11-20T10:00:00.000Z'
 */
export function parseTimeBound(
  text: string,
  now: Date,
  option: string,
  open: '-infinity' | 'infinity' = '-infinity',
): TimeBound {
  const value = text.trim();
  if (value === 'all' || value === open) return open;
  const span = SPAN.exec(value);
  if (span) {
    const unit = span[2] as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(span[1]) * UNIT_MS[unit]).toISOString();
  }
  if (RFC3339.test(value)) {
    const withZone = value.length === 10 ? `${value}T00:00:00Z` : value;
    const ms = Date.parse(withZone);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new Error(
    `${option}: "${text}" is not a time; give a span back from now (30m, 24h, 7d, 2w), ` +
      'an RFC 3339 time (2026-11-21T10:00:00Z), a date (2026-11-21) or "all"',
  );
}
