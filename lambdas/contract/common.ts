import * as z from 'zod';
import { LIMITS } from './limits.ts';

/** The contract version every payload declares. */
export const SCHEMA_VERSION = 1 as const;
export const schemaVersion = z.literal(SCHEMA_VERSION).describe('Contract version; always 1 for v1.');

/** A client-generated UUID (any version), lower or upper case. */
export const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID')
  .transform((s) => s.toLowerCase());

/** Appliance identifiers double as MQTT thing names, so they keep to a safe alphabet. */
export const APPLIANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const applianceId = z
  .string()
  .regex(APPLIANCE_ID_PATTERN, 'letters, digits and . _ : - only, 1 to 128 characters');

/** A short, printable name (agent name, model, provider, playbook type, ...). */
export const shortName = z
  .string()
  .min(1)
  .max(LIMITS.maxNameChars)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');

/** An RFC 3339 timestamp with a zone offset, e.g. `2026-11-21T10:15:00Z`. */
export const timestamp = z.iso.datetime({ offset: true });

export const nonNegativeInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** An action name such as `dns.add_record`. */
export const actionName = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . - ; up to 64 characters');

/** Multi-line free text: no control characters other than tab, newline and carriage return. */
export const freeText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, 'must not contain control characters other than tab and newline')
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');

/** W3C trace id (32 hex) or X-Ray trace id (`1-5f84c7a1-...`). */
export const traceId = z
  .string()
  .regex(
    /^(?:[0-9a-f]{32}|1-[0-9a-f]{8}-[0-9a-f]{24})$/,
    'a W3C trace id (32 lower-case hex) or an X-Ray trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx)',
  );
