import type * as z from 'zod';
import type { heartbeatSchema } from '#contract/heartbeat';
import { clamp, type Rng, round } from './random.ts';
import type { Role } from './scenario-types.ts';

/** A heartbeat as the contract carries it. */
export type HeartbeatPayload = z.input<typeof heartbeatSchema>;
/** What one beat sends: a heartbeat, or the buffer an appliance kept while cut off. */
export type HeartbeatBody = HeartbeatPayload | { heartbeats: HeartbeatPayload[] };

/** The systemd services each role runs. */
export const ROLE_SERVICES: Readonly<Record<Role, readonly string[]>> = {
  dns: ['bind9', 'chronyd', 'sshd'],
  samba: ['smbd', 'nmbd', 'winbind', 'sshd'],
  mail: ['postfix', 'dovecot', 'opendkim', 'sshd'],
  pki: ['pki-ca', 'nginx', 'sshd'],
};
const ROLE_ORDER: readonly Role[] = ['dns', 'mail', 'samba', 'pki'];
const BASE_CPU: Readonly<Record<Role, number>> = { dns: 6, samba: 14, mail: 22, pki: 4 };

/** Appliance agent version reported in heartbeats; one appliance lags an upgrade behind. */
export const APPLIANCE_AGENT_VERSION = '1.4.2';
const LAGGING_AGENT_VERSION = '1.3.9';
/** Heartbeats an appliance keeps while it cannot reach the API (the batch limit minus the current one). */
const BUFFER_LIMIT = 99;

/** The public face of a simulated appliance. */
export interface ApplianceInfo {
  readonly id: string;
  readonly role: Role;
  readonly services: readonly string[];
}

interface State extends ApplianceInfo {
  readonly agentVersion: string;
  /** Outages (silences) per hour: the last appliance of the fleet is the flaky one. */
  readonly silencesPerHour: number;
  cpu: number;
  memory: number;
  disk: number;
  readonly baseCpu: number;
  readonly baseMemory: number;
  spikeBeats: number;
  readonly downUntil: Map<string, number>;
  silentUntil: number;
  buffering: boolean;
  readonly buffer: HeartbeatPayload[];
}

/**
 * Simulated appliances: `appl-dns-01`, `appl-mail-01`, `appl-samba-01`, `appl-pki-01`, `appl-dns-02`, …
 * Load wanders (mean-reverting random walk with occasional spikes, disks slowly fill and get
 * rotated), services now and then go down for a while, and one flaky appliance goes silent
 * for a minute or more — either powered off, or cut off and flushing its buffer on return.
 * @example
 * const fleet = new Fleet(createRng(seededRandom(1)), 6, 10_000);
 * const body = fleet.beat('appl-dns-01', new Date()); // a heartbeat, a buffer, or undefined when silent
 */
export class Fleet {
  readonly appliances: readonly ApplianceInfo[];
  readonly #states: ReadonlyMap<string, State>;
  private readonly rng: Rng;
  private readonly heartbeatIntervalMs: number;

  /**
   * @param rng the random draws (seed it for a reproducible fleet)
   * @param size how many appliances
   * @param heartbeatIntervalMs the time one beat stands for
   */
  constructor(rng: Rng, size: number, heartbeatIntervalMs: number) {
    this.rng = rng;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    const counts: Partial<Record<Role, number>> = {};
    const states = Array.from({ length: size }, (_, i): State => {
      const role = ROLE_ORDER[i % ROLE_ORDER.length] as Role;
      counts[role] = (counts[role] ?? 0) + 1;
      const baseMemory = rng.float(30, 60, 1);
      return {
        id: `appl-${role}-${String(counts[role]).padStart(2, '0')}`,
        role,
        services: ROLE_SERVICES[role],
        agentVersion: i === 3 ? LAGGING_AGENT_VERSION : APPLIANCE_AGENT_VERSION,
        silencesPerHour: size > 1 && i === size - 1 ? 3 : 0.1,
        cpu: BASE_CPU[role],
        memory: baseMemory,
        disk: role === 'mail' ? rng.float(72, 86, 1) : rng.float(25, 60, 1),
        baseCpu: BASE_CPU[role] * rng.float(0.7, 1.4),
        baseMemory,
        spikeBeats: 0,
        downUntil: new Map(),
        silentUntil: 0,
        buffering: false,
        buffer: [],
      };
    });
    this.#states = new Map(states.map((s) => [s.id, s]));
    this.appliances = states.map(({ id, role, services }) => ({ id, role, services }));
  }

  /** False while the appliance is silent (offline or cut off). */
  isReachable(applianceId: string, at: Date): boolean {
    return at.getTime() >= (this.#states.get(applianceId)?.silentUntil ?? 0);
  }

  /**
   * Advances one appliance by one heartbeat interval and returns what it sends at `at`:
   * its heartbeat, `{ heartbeats: [...] }` when it returns from a cut-off with a buffer,
   * or `undefined` while it is silent.
   */
  beat(applianceId: string, at: Date): HeartbeatBody | undefined {
    const s = this.#states.get(applianceId);
    if (!s) throw new Error(`unknown appliance ${applianceId}`);
    const now = at.getTime();
    this.#wander(s, now);
    const heartbeat = this.#heartbeat(s, at);
    if (now < s.silentUntil) {
      if (s.buffering) s.buffer.push(heartbeat);
      if (s.buffer.length > BUFFER_LIMIT) s.buffer.shift();
      return undefined;
    }
    if (this.rng.chance(this.#perBeat(s.silencesPerHour))) {
      s.silentUntil = now + this.rng.int(6, 24) * this.heartbeatIntervalMs;
      s.buffering = this.rng.chance(0.5);
      if (s.buffering) s.buffer.push(heartbeat);
      return undefined;
    }
    if (s.buffer.length === 0) return heartbeat;
    const heartbeats = [...s.buffer.splice(0), heartbeat];
    return { heartbeats };
  }

  #wander(s: State, now: number): void {
    const { rng } = this;
    if (s.spikeBeats > 0) s.spikeBeats--;
    else if (rng.chance(0.01)) s.spikeBeats = rng.int(2, 6);
    const target = s.spikeBeats > 0 ? s.baseCpu + 45 : s.baseCpu;
    s.cpu = clamp(s.cpu + 0.3 * (target - s.cpu) + gauss(rng) * 3, 0.5, 100);
    s.memory = clamp(s.memory + 0.1 * (s.baseMemory - s.memory) + gauss(rng), 5, 99);
    s.disk = clamp(s.disk + rng.next() * 0.02, 1, 99.5);
    if (s.disk > 90 && rng.chance(0.05)) s.disk -= rng.float(5, 10);
    for (const service of s.services) {
      const until = s.downUntil.get(service);
      if (until !== undefined && now >= until) s.downUntil.delete(service);
      else if (until === undefined && rng.chance(this.#perBeat(service === 'sshd' ? 0.02 : 0.25))) {
        s.downUntil.set(service, now + rng.int(3, 30) * this.heartbeatIntervalMs);
      }
    }
  }

  #heartbeat(s: State, at: Date): HeartbeatPayload {
    return {
      schemaVersion: 1,
      applianceId: s.id,
      sentAt: at.toISOString(),
      cpuPercent: round(s.cpu, 1),
      memoryPercent: round(s.memory, 1),
      diskPercent: round(s.disk, 1),
      services: Object.fromEntries(s.services.map((n) => [n, s.downUntil.has(n) ? 'down' : 'up'])),
      agentVersion: s.agentVersion,
    };
  }

  #perBeat(perHour: number): number {
    return (perHour * this.heartbeatIntervalMs) / 3_600_000;
  }
}

/** A standard normal draw (Box–Muller). */
function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}
