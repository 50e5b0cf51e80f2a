import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '../prometheus/sigv4.ts';

type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Source): Buffer =>
  typeof d === 'string'
    ? Buffer.from(d, 'utf8')
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 / HMAC-SHA-256 over node:crypto in the shape SignatureV4 expects. */
class Sha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: Source) {
    this.h = this.fresh();
  }
  update(d: Source): void {
    this.h.update(bytes(d));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

/**
 * A SigV4-signed GET of an AWS REST API (the IoT control plane here), with a timeout.
 * @example const res = await signedGet(url, { region: 'eu-west-1', service: 'iot' })
 */
export function signedGetter(options: {
  readonly region: string;
  readonly service: string;
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** @default 3000 */
  readonly timeoutMs?: number;
}): (url: string) => Promise<Response> {
  let signer: SignatureV4 | undefined;
  return async (url) => {
    signer ??= new SignatureV4({
      service: options.service,
      region: options.region,
      credentials:
        options.credentials ?? (await import('@aws-sdk/credential-provider-node')).defaultProvider(),
      sha256: Sha256,
    });
    const u = new URL(url);
    const signed = await signer.sign({
      method: 'GET',
      protocol: u.protocol,
      hostname: u.hostname,
      ...(u.port ? { port: Number(u.port) } : {}),
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: { host: u.host },
    });
    return fetch(url, {
      headers: signed.headers as Record<string, string>,
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
  };
}
