/**
 * SigV4 signing of remote write requests for Amazon Managed Prometheus (service `aps`),
 * e.g. `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/api/v1/remote_write`.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { OutgoingRequest, RequestSigner } from './remote-write-client.ts';

/** Static AWS credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** @default none */
  readonly sessionToken?: string;
}

/** Options of {@link sigv4Signer}. */
export interface Sigv4SignerOptions {
  /** The workspace's region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Credentials or a provider of them.
   * @default the Node.js default chain (`@aws-sdk/credential-provider-node`): env, SSO, web identity, ECS, IMDS…
   */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /**
   * The signing name.
   * @default 'aps'
   */
  readonly service?: string;
  /**
   * The signing clock.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

type Source = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: Source): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 (or HMAC-SHA-256 with a secret) over node:crypto, in the shape the SigV4 signer expects. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: Source) {
    this.hash = this.create();
  }
  update(data: Source): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

/**
 * A SigV4 signer made on first use (loading the default credential chain only then, when
 * no credentials are given) and kept for later calls.
 */
export function lazySignatureV4(options: {
  readonly region: string;
  readonly service: string;
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
}): () => Promise<SignatureV4> {
  let signer: SignatureV4 | undefined;
  return async () => {
    if (signer) return signer;
    const credentials =
      options.credentials ?? (await import('@aws-sdk/credential-provider-node')).defaultProvider();
    signer = new SignatureV4({
      service: options.service,
      region: options.region,
      credentials,
      sha256: NodeSha256,
      applyChecksum: true,
    });
    return signer;
  };
}

/**
 * A {@link RequestSigner} that adds `Authorization`, `X-Amz-Date`, `X-Amz-Content-Sha256`
 * (and `X-Amz-Security-Token` for temporary credentials), signing `host` and the body hash.
 *
 * @example
 * await sendRemoteWrite(samples, { url: ampRemoteWriteUrl, sign: sigv4Signer({ region: 'eu-west-1' }) });
 */
export function sigv4Signer(options: Sigv4SignerOptions): RequestSigner {
  if (typeof options.region !== 'string' || !/^[a-z0-9-]+$/.test(options.region)) {
    throw new TypeError(`region: ${JSON.stringify(options.region)} is not an AWS region name`);
  }
  const signerFor = lazySignatureV4({ ...options, service: options.service ?? 'aps' });
  return async (request: OutgoingRequest) => {
    const url = new URL(request.url);
    const signed = await (await signerFor()).sign(
      {
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers, host: url.host },
        body: request.body,
      },
      { signingDate: options.now?.() ?? new Date() },
    );
    return { ...signed.headers };
  };
}
