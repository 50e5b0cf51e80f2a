import { TENANT_ATTRIBUTE, THING_NAME_PATTERN } from '#contract/fleet';
import type { ApplianceRegistry } from '#domain/ports';
import { TtlCache } from '#shared/ttl-cache';
import type { AwsCredentials } from '../prometheus/sigv4.ts';
import { signedGetter } from './signed-get.ts';

/** Options of {@link IotThingRegistry}. */
export interface IotThingRegistryOptions {
  /** The account's region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The IoT control-plane endpoint. @default $AWS_ENDPOINT_URL_IOT or `https://iot.<region>.amazonaws.com` */
  readonly endpoint?: string;
  /** @default the Node.js default credential chain */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** How long a tenant is remembered. @default 300000 (5 minutes) */
  readonly ttlMs?: number;
  /** How long "not registered" is remembered. @default 30000 */
  readonly negativeTtlMs?: number;
  /** Request timeout. @default 3000 */
  readonly timeoutMs?: number;
}

/**
 * Tenants from the IoT thing registry: `DescribeThing`, attribute `tenant`, cached. A plain
 * SigV4-signed `GET /things/{name}` rather than `@aws-sdk/client-iot`, whose full service
 * model would add about 400 KB to the function bundle for this one call.
 * @example await new IotThingRegistry({ region: 'eu-west-1' }).tenantOf('appl-dns-01')
 */
export class IotThingRegistry implements ApplianceRegistry {
  private readonly get: (url: string) => Promise<Response>;
  private readonly endpoint: string;
  private readonly known: TtlCache<string>;
  private readonly unknown: TtlCache<true>;

  constructor(options: IotThingRegistryOptions) {
    this.get = signedGetter({
      region: options.region,
      service: 'iot',
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.endpoint = (
      options.endpoint ??
      process.env.AWS_ENDPOINT_URL_IOT ??
      `https://iot.${options.region}.amazonaws.com`
    ).replace(/\/+$/, '');
    this.known = new TtlCache(options.ttlMs ?? 300_000, 10_000);
    this.unknown = new TtlCache(options.negativeTtlMs ?? 30_000, 10_000);
  }

  async tenantOf(applianceId: string): Promise<string | undefined> {
    if (!THING_NAME_PATTERN.test(applianceId)) return undefined;
    const cached = this.known.get(applianceId);
    if (cached) return cached;
    if (this.unknown.get(applianceId)) return undefined;
    const tenant = await this.describe(applianceId);
    if (tenant) this.known.set(applianceId, tenant);
    else this.unknown.set(applianceId, true);
    return tenant;
  }

  private async describe(thingName: string): Promise<string | undefined> {
    const res = await this.get(`${this.endpoint}/things/${encodeURIComponent(thingName)}`);
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`DescribeThing ${thingName}: HTTP ${res.status} ${text.slice(0, 200)}`);
    const thing = JSON.parse(text) as { attributes?: Record<string, string> };
    return thing.attributes?.[TENANT_ATTRIBUTE] || undefined;
  }
}
