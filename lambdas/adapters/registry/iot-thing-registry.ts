import { CERTIFICATE_ATTRIBUTE, TENANT_ATTRIBUTE, THING_NAME_PATTERN } from '#contract/fleet';
import type { ApplianceRegistry } from '#domain/ports';
import { TtlCache } from '#primitives/ttl-cache';
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
  /** How long a tenant is remembered, per thing and certificate. @default 300000 (5 minutes) */
  readonly ttlMs?: number;
  /** How long "not registered" (or "not this certificate") is remembered. @default 30000 */
  readonly negativeTtlMs?: number;
  /** Request timeout. @default 3000 */
  readonly timeoutMs?: number;
}

/**
 * Tenants from the IoT thing registry: `DescribeThing`, attribute `tenant`, cached. A plain
 * SigV4-signed `GET /things/{name}` rather than `@aws-sdk/client-iot`, whose full service
 * model would add about 400 KB to the function bundle for this one call.
 *
 * Each Lambda instance holds its own cache, so nothing can invalidate them all when an
 * appliance is revoked and registered again. Instead the cache is keyed by thing and
 * principal (the certificate the message was signed with, which the topic rule passes): a new
 * registration issues a new certificate, whose first message misses every cache and reads the
 * thing again. The thing's `certificateId` attribute names its registration's certificate, so
 * a message of an older certificate is refused rather than filed under the new tenant. Things
 * registered without that attribute accept any certificate, as before.
 * @example await new IotThingRegistry({ region: 'eu-west-1' }).tenantOf('appl-dns-01', certificateId)
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

  async tenantOf(applianceId: string, principal?: string): Promise<string | undefined> {
    if (!THING_NAME_PATTERN.test(applianceId)) return undefined;
    const key = `${applianceId}\n${principal ?? ''}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    if (this.unknown.get(key)) return undefined;
    const thing = await this.describe(applianceId);
    const tenant = thing && samePrincipal(principal, thing.certificateId) ? thing.tenant : undefined;
    if (tenant) this.known.set(key, tenant);
    else this.unknown.set(key, true);
    return tenant;
  }

  private async describe(thingName: string): Promise<{ tenant: string; certificateId?: string } | undefined> {
    const res = await this.get(`${this.endpoint}/things/${encodeURIComponent(thingName)}`);
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`DescribeThing ${thingName}: HTTP ${res.status} ${text.slice(0, 200)}`);
    const attributes = (JSON.parse(text) as { attributes?: Record<string, string> }).attributes ?? {};
    const tenant = attributes[TENANT_ATTRIBUTE];
    if (!tenant) return undefined;
    const certificateId = attributes[CERTIFICATE_ATTRIBUTE];
    return certificateId ? { tenant, certificateId } : { tenant };
  }
}

/**
 * Whether a message's principal is the registration's certificate. IoT Core's `principal()`
 * is the certificate id for a device certificate; an ARN ending in it counts too. Without a
 * principal (an older rule) or a recorded certificate (an older registration) there is
 * nothing to compare, and the tenant stands.
 */
function samePrincipal(principal: string | undefined, certificateId: string | undefined): boolean {
  if (!principal || !certificateId) return true;
  const p = principal.toLowerCase();
  const c = certificateId.toLowerCase();
  return p === c || p.endsWith(`/${c}`);
}
