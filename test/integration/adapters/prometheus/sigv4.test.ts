import { createHash, createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendRemoteWrite } from '#adapters/prometheus/remote-write-client';
import type { SeriesSample } from '#adapters/prometheus/series';
import { type AwsCredentials, sigv4Signer } from '#adapters/prometheus/sigv4';
import {
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../../support/recording-server.ts';

const credentials: AwsCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const region = 'eu-west-1';
const path = '/workspaces/ws-1234abcd/api/v1/remote_write';
const samples: SeriesSample[] = [
  { name: 'aiops_feedback_total', labels: { rating: 'thumbs_up' }, value: 3, timestampMs: Date.now() },
];

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
function parseAuthorization(header: string | undefined) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    header ?? '',
  );
  if (!match) throw new Error(`not a SigV4 Authorization header: ${header}`);
  const [, credential = '', signedHeaders = '', signature = ''] = match;
  const [accessKeyId, ...scope] = credential.split('/');
  return { accessKeyId, scope: scope.join('/'), signedHeaders: signedHeaders.split(';'), signature };
}

/** The signature recomputed from what the server received, following the SigV4 specification. */
function recomputeSignature(
  request: RecordedRequest,
  secret: string,
  body: Uint8Array = request.bytes,
): string {
  const auth = parseAuthorization(request.headers.authorization);
  const [, query = ''] = request.path.split('?');
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    request.path.split('?')[0],
    query,
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256(body),
  ].join('\n');
  const amzDate = String(request.headers['x-amz-date']);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, auth.scope, sha256(canonicalRequest)].join('\n');
  const [date = '', scopeRegion = '', service = ''] = auth.scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), scopeRegion), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer(() => ({ status: 200 }));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllEnvs();
});

describe('sigv4Signer against a loopback endpoint', () => {
  it('signs for service aps in the region, with host, date and body hash, and the signature verifies', async () => {
    // Prepare
    const signingDate = new Date('2026-03-04T05:06:07Z');
    const sign = sigv4Signer({ region, credentials, now: () => signingDate });
    // Act
    const summary = await sendRemoteWrite(samples, { url: `${server.url}${path}`, sign });
    // Assess
    expect(summary.failures).toEqual([]);
    const [request] = server.requests;
    if (!request) throw new Error('no request received');
    const auth = parseAuthorization(request.headers.authorization);
    expect(auth.accessKeyId).toBe(credentials.accessKeyId);
    expect(auth.scope).toBe(`20260304/${region}/aps/aws4_request`);
    expect(auth.signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256']),
    );
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['content-encoding', 'content-type']));
    expect(request.headers['x-amz-date']).toBe('20260304T050607Z');
    expect(request.headers['x-amz-content-sha256']).toBe(sha256(request.bytes));
    expect(request.headers.host).toBe(server.host);
    expect(recomputeSignature(request, credentials.secretAccessKey)).toBe(auth.signature);
    // the check is meaningful: another body or another secret gives another signature
    expect(recomputeSignature(request, credentials.secretAccessKey, new Uint8Array([1]))).not.toBe(
      auth.signature,
    );
    expect(recomputeSignature(request, 'another-secret')).not.toBe(auth.signature);
  });

  it('adds and signs the session token of temporary credentials', async () => {
    // Prepare
    const temporary = { ...credentials, sessionToken: 'session-token-value' };
    // Act
    await sendRemoteWrite(samples, {
      url: `${server.url}${path}`,
      sign: sigv4Signer({ region, credentials: temporary }),
    });
    // Assess
    const [request] = server.requests;
    if (!request) throw new Error('no request received');
    expect(request.headers['x-amz-security-token']).toBe('session-token-value');
    expect(parseAuthorization(request.headers.authorization).signedHeaders).toContain('x-amz-security-token');
    expect(recomputeSignature(request, credentials.secretAccessKey)).toBe(
      parseAuthorization(request.headers.authorization).signature,
    );
  });

  it('takes credentials from the default Node.js chain when none are given', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENV');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-env');
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined); // a profile makes the chain skip the environment
    // Act
    await sendRemoteWrite(samples, { url: `${server.url}${path}`, sign: sigv4Signer({ region }) });
    // Assess
    const [request] = server.requests;
    if (!request) throw new Error('no request received');
    const auth = parseAuthorization(request.headers.authorization);
    expect(auth.accessKeyId).toBe('AKIDFROMENV');
    expect(recomputeSignature(request, 'secret-from-env')).toBe(auth.signature);
  });

  it('rejects a region that is not a region name', () => {
    expect(() => sigv4Signer({ region: 'eu west 1', credentials })).toThrow(/region/);
  });
});
