import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { APPLIANCE_ID_PATTERN } from '#contract/common';
import { TENANT_PATTERN } from '#contract/fleet';
import type { ApplianceRegistry } from '#domain/ports';
import { writeFileAtomically } from '../local/streams/atomic-file.ts';

/** One appliance registered with the local broker (the secret itself is never stored). */
export interface LocalApplianceEntry {
  readonly applianceId: string;
  readonly customerId: string;
  /** SHA-256 (hex) of the MQTT password. */
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * The principal of a registration, as IoT Core's certificate id names one: derived from its
 * password's hash, so each registration (a new password each time) has its own, and the
 * password cannot be learnt from it.
 * @example localPrincipal(entry) // '9c1e…' (32 hex)
 */
export const localPrincipal = (entry: Pick<LocalApplianceEntry, 'secretHash'>): string =>
  createHash('sha256').update(`principal:${entry.secretHash}`, 'utf8').digest('hex').slice(0, 32);

/**
 * The local stand-in for the IoT thing registry: which appliance belongs to which tenant and
 * its MQTT password (256 random bits, stored only as a SHA-256 hash). In memory, or in a JSON
 * file that `aiops-obs appliances register --local` writes and the running local stack
 * re-reads when it changes.
 * @example const registry = LocalApplianceRegistry.file('.aiops/appliances.json');
 */
export class LocalApplianceRegistry implements ApplianceRegistry {
  private entries = new Map<string, LocalApplianceEntry>();
  /** Inode and mtime of the file as last read: a rename over it (every save) changes the inode. */
  private loadedVersion = '';

  private constructor(private readonly path?: string) {}

  /** A registry that lives as long as the process. */
  static memory(): LocalApplianceRegistry {
    return new LocalApplianceRegistry();
  }

  /** A registry kept in `path` (created on the first registration). */
  static file(path: string): LocalApplianceRegistry {
    return new LocalApplianceRegistry(path);
  }

  /** Where the registry is kept, if in a file. */
  get filePath(): string | undefined {
    return this.path;
  }

  /**
   * Registers an appliance for a tenant and returns its new MQTT password (shown once).
   * A revoked appliance may be registered again; an active one may not.
   * @throws Error on a malformed id or tenant, or when the appliance is registered already
   */
  async register(applianceId: string, customerId: string, now = new Date()): Promise<{ secret: string }> {
    if (!APPLIANCE_ID_PATTERN.test(applianceId))
      throw new Error(`invalid appliance id ${JSON.stringify(applianceId)}`);
    if (!TENANT_PATTERN.test(customerId)) throw new Error(`invalid tenant ${JSON.stringify(customerId)}`);
    await this.load();
    const existing = this.entries.get(applianceId);
    if (existing && !existing.revokedAt) {
      throw new Error(
        `appliance ${applianceId} is registered already (tenant ${existing.customerId}); revoke it first`,
      );
    }
    const secret = randomBytes(32).toString('base64url');
    this.entries.set(applianceId, {
      applianceId,
      customerId,
      secretHash: hash(secret),
      createdAt: now.toISOString(),
    });
    await this.save();
    return { secret };
  }

  /** Revokes an appliance: its password stops working at once. `false` when it is not registered. */
  async revoke(applianceId: string, now = new Date()): Promise<boolean> {
    await this.load();
    const existing = this.entries.get(applianceId);
    if (!existing || existing.revokedAt) return false;
    this.entries.set(applianceId, { ...existing, revokedAt: now.toISOString() });
    await this.save();
    return true;
  }

  /** The active entry when `secret` is the appliance's password. */
  async verify(applianceId: string, secret: string): Promise<LocalApplianceEntry | undefined> {
    const entry = await this.active(applianceId);
    if (!entry) return undefined;
    const given = Buffer.from(hash(secret), 'hex');
    return timingSafeEqual(given, Buffer.from(entry.secretHash, 'hex')) ? entry : undefined;
  }

  /** The tenant of the active registration; given a principal, only when it is that registration's. */
  async tenantOf(applianceId: string, principal?: string): Promise<string | undefined> {
    const entry = await this.active(applianceId);
    if (!entry || (principal !== undefined && principal !== localPrincipal(entry))) return undefined;
    return entry.customerId;
  }

  /** Every entry, revoked ones included. */
  async list(): Promise<LocalApplianceEntry[]> {
    await this.load();
    return [...this.entries.values()];
  }

  private async active(applianceId: string): Promise<LocalApplianceEntry | undefined> {
    await this.load();
    const entry = this.entries.get(applianceId);
    return entry && !entry.revokedAt ? entry : undefined;
  }

  /** Re-reads the file when it changed since the last read (another process registered). */
  private async load(): Promise<void> {
    if (!this.path) return;
    let version: string;
    try {
      const s = await stat(this.path);
      version = `${s.ino}:${s.mtimeMs}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (version === this.loadedVersion) return;
    const parsed = JSON.parse(await readFile(this.path, 'utf8')) as { appliances?: LocalApplianceEntry[] };
    this.entries = new Map((parsed.appliances ?? []).map((e) => [e.applianceId, e]));
    this.loadedVersion = version;
  }

  private async save(): Promise<void> {
    if (!this.path) return;
    const appliances = [...this.entries.values()];
    await writeFileAtomically(this.path, `${JSON.stringify({ appliances }, null, 2)}\n`);
    const s = await stat(this.path);
    this.loadedVersion = `${s.ino}:${s.mtimeMs}`;
  }
}
