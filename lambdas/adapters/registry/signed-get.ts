import { type AwsCredentials, lazySignatureV4 } from '../prometheus/sigv4.ts';

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
  const signerFor = lazySignatureV4(options);
  return async (url) => {
    const signer = await signerFor();
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
