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
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > LIMITS.maxBodyBytes) {
    throw new HttpProblem(
      413,
      'payload_too_large',
      `the body is ${bytes.length} bytes; the limit is ${LIMITS.maxBodyBytes}`,
    );
  }
  let text: string;
  try {
    text = event.isBase64Encoded ? utf8.decode(bytes) : raw;
  } catch {
    throw new HttpProblem(400, 'invalid_encoding', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpProblem(400, 'empty_body', 'the request needs a JSON body');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, 'malformed_json', `the body is not valid JSON: ${(e as Error).message}`);
  }
}
