import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LIMITS } from '#contract/limits';
import { HttpProblem } from './problem.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset=(?:"?utf-8"?)\s*)?(?:;.*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a request body as JSON, in the order a client can fix things: media type (415),
 * size (413), encoding (400 invalid_encoding), presence (400 empty_body), syntax
 * (400 malformed_json). Nothing is written before this succeeds.
 */
export function readJsonBody(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>,
): unknown {
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (!type || !JSON_TYPE.test(type)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      `send Content-Type: application/json (got ${type ?? 'none'})`,
      [],
      {
        'accept-post': 'application/json',
      },
    );
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  const size = bytes ? bytes.length : Buffer.byteLength(raw, 'utf8');
  if (size > LIMITS.maxBodyBytes) {
    throw new HttpProblem(
      413,
      'payload_too_large',
      `the body is ${size} bytes; the limit is ${LIMITS.maxBodyBytes}`,
    );
  }
  let text: string;
  try {
    text = bytes ? utf8.decode(bytes) : raw;
  } catch {
    throw new HttpProblem(400, 'invalid_encoding', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpProblem(400, 'empty_body', 'the request needs a JSON body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, 'malformed_json', `the body is not valid JSON: ${(e as Error).message}`);
  }
  // Only a body that mentions __proto__ pays for the walk.
  const proto = text.includes('__proto__') ? protoKeyPath(parsed, '') : undefined;
  if (proto !== undefined) {
    throw new HttpProblem(422, 'validation_failed', `${proto}: the member name __proto__ is not allowed`, [
      { pointer: proto, code: 'forbidden_key', message: 'the member name __proto__ is not allowed' },
    ]);
  }
  return parsed;
}

/**
 * The JSON Pointer of the first own `__proto__` member: copied into an object it would be
 * lost (or change the prototype), so it is refused rather than silently dropped.
 */
function protoKeyPath(value: unknown, at: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const here = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key === '__proto__') return here;
    const found = protoKeyPath((value as Record<string, unknown>)[key], here);
    if (found !== undefined) return found;
  }
  return undefined;
}
