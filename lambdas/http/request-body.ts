import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { walkJson } from '#contract/json-walk';
import { LIMITS } from '#contract/limits';
import type { FieldError } from '#contract/responses';
import { jsonPointer } from '#domain/field-errors';
import { rejection } from '#domain/rejection';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset=(?:"?utf-8"?)\s*)?(?:;.*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a request body as JSON, in the order a client can fix things: media type (415),
 * size (413), encoding (400 invalid_encoding), presence (400 empty_body), syntax
 * (400 malformed_json), then shape (422: nested too deep, a `__proto__` member). Nothing is
 * written before this succeeds.
 */
export function readJsonBody(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>,
): unknown {
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (!type || !JSON_TYPE.test(type)) {
    throw rejection(
      'unsupported_media_type',
      'unsupported_media_type',
      `send Content-Type: application/json (got ${type ?? 'none'})`,
    );
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  const size = bytes ? bytes.length : Buffer.byteLength(raw, 'utf8');
  if (size > LIMITS.maxBodyBytes) {
    throw rejection(
      'too_large',
      'payload_too_large',
      `the body is ${size} bytes; the limit is ${LIMITS.maxBodyBytes}`,
    );
  }
  let text: string;
  try {
    text = bytes ? utf8.decode(bytes) : raw;
  } catch {
    throw rejection('malformed', 'invalid_encoding', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw rejection('malformed', 'empty_body', 'the request needs a JSON body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw rejection('malformed', 'malformed_json', `the body is not valid JSON: ${(e as Error).message}`);
  }
  const shape = bodyShapeError(parsed);
  if (shape) throw rejection('invalid', 'validation_failed', `${shape.pointer}: ${shape.message}`, [shape]);
  return parsed;
}

/**
 * The first structural problem of a parsed body, before any schema sees it: an object or
 * array nested deeper than `LIMITS.maxBodyDepth` (deeper than any valid body; the schemas
 * and the code after them recurse), or a member named `__proto__` (copied into an object it
 * would be lost or change the prototype, so it is refused rather than silently dropped).
 * The walk is iterative, so no depth can overflow it.
 */
function bodyShapeError(body: unknown): FieldError | undefined {
  let found: FieldError | undefined;
  walkJson(body, ({ value, key, depth, path }) => {
    if (key === '__proto__') {
      found = {
        pointer: jsonPointer(path()),
        code: 'forbidden_key',
        message: 'the member name __proto__ is not allowed',
      };
      return 'stop';
    }
    if (value !== null && typeof value === 'object' && depth >= LIMITS.maxBodyDepth) {
      found = {
        pointer: jsonPointer(path()),
        code: 'too_deep',
        message: `the body nests deeper than ${LIMITS.maxBodyDepth} levels of objects and arrays`,
      };
      return 'stop';
    }
    return undefined;
  });
  return found;
}
