import { LIMITS } from './limits.ts';
import { isStorableNumber, MIN_STORABLE_MAGNITUDE, UNSTORABLE_NUMBER } from './storable.ts';
import * as z from './zod.ts';

/** The contract version every payload declares. */
export const SCHEMA_VERSION = 1 as const;
export const schemaVersion = z
  .literal(SCHEMA_VERSION)
  .check(z.describe('Contract version; always 1 for v1.'));

/** A client-generated UUID (any version), lower or upper case. */
export const uuid = z.pipe(
  z
    .string()
    .check(
      z.regex(
        /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
        'must be a UUID',
      ),
    ),
  z.transform((s: string) => s.toLowerCase()),
);

/** Appliance identifiers double as MQTT thing names, so they keep to a safe alphabet. */
export const APPLIANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const applianceId = z
  .string()
  .check(z.regex(APPLIANCE_ID_PATTERN, 'letters, digits and . _ : - only, 1 to 128 characters'));

/** A short, printable name (agent name, model, provider, playbook type, ...). */
export const shortName = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.maxNameChars),
  z.regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
  z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)'),
);

/** An RFC 3339 timestamp with a zone offset, e.g. `2026-11-21T10:15:00Z`. */
export const timestamp = z.iso.datetime({ offset: true });

/** The earliest time an event may carry: the Unix epoch. */
export const EARLIEST_EVENT_TIME = '1970-01-01T00:00:00Z';

/**
 * When something happened: an RFC 3339 timestamp with a zone offset, not before the Unix
 * epoch (PostgreSQL has no year 0, and metrics count in Unix seconds) and, checked against
 * the server's clock on ingest, not more than the allowed skew in the future.
 * @example eventTime.safeParse('0000-01-01T00:00:00Z').success // false
 */
export const eventTime = timestamp.check(
  z.refine((s) => Date.parse(s) >= Date.parse(EARLIEST_EVENT_TIME), {
    message: `must not be before ${EARLIEST_EVENT_TIME}`,
  }),
  z.meta({
    description: `RFC 3339 with an offset; from ${EARLIEST_EVENT_TIME} to ${LIMITS.maxClockSkewSeconds / 60} minutes ahead of the server's clock (checked by the API)`,
  }),
);

/**
 * A count from 0 to `max`, e.g. tokens or tasks (the replica keeps counts in PostgreSQL
 * `integer` columns, so every limit is chosen for what those columns hold).
 * @example count(LIMITS.maxTokens).parse(812) // 812
 */
export const count = (max: number) => z.number().check(z.int(), z.gte(0), z.lte(max));

/**
 * A measured quantity from 0 to `max` (seconds, percent, a confidence), as DynamoDB stores
 * numbers: 0 or at least 1e-130, so a value such as 1e-200 is refused rather than failing
 * the write.
 * @example measure(1).safeParse(1e-200).success // false
 */
export const measure = (max: number) =>
  z
    .number()
    .check(
      z.gte(0),
      z.lte(max),
      z.refine(isStorableNumber, { message: UNSTORABLE_NUMBER }),
      z.meta({ not: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: MIN_STORABLE_MAGNITUDE } }),
    );

/**
 * Client-chosen text with no rule of its own (a response id, ...), limited to what the store
 * and the replica keep: no U+0000, well-formed Unicode.
 * @example storableString(256).safeParse('msg_\u0000').success // false
 */
export const storableString = (max: number) =>
  z.string().check(
    z.minLength(1),
    z.maxLength(max),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what this refuses
    z.regex(/^[^\u0000]*$/, 'must not contain U+0000'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)'),
  );

/** An action name such as `dns.add_record`. */
export const actionName = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . - ; up to 64 characters'));

/** Multi-line free text: no control characters other than tab, newline and carriage return. */
export const freeText = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'must not contain control characters other than tab and newline'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)'),
  );

/** W3C trace id (32 hex) or X-Ray trace id (`1-5f84c7a1-...`). */
export const traceId = z
  .string()
  .check(
    z.regex(
      /^(?:[0-9a-f]{32}|1-[0-9a-f]{8}-[0-9a-f]{24})$/,
      'a W3C trace id (32 lower-case hex) or an X-Ray trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx)',
    ),
  );
