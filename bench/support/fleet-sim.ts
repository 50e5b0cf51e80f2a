/**
 * A simulated fleet for `fleet-mqtt`: N appliance agents (the real `ApplianceAgent`, its
 * buffer and MQTT link) with synthetic readings, each registered with the local broker and
 * started at a random point of its first interval so the load is spread as a real fleet's.
 */
import { SCHEMA_VERSION } from '#contract/common';
import type { HeartbeatEvent } from '#contract/heartbeat';
import { ApplianceAgent } from '../../lib/agent/agent.ts';
import { resolveAgentConfig } from '../../lib/agent/config.ts';
import type { LocalApplianceRegistry } from '../../lib/fleet/local-registry.ts';

/** A running simulated fleet. */
export interface SimulatedFleet {
  /** When each heartbeat was first handed to MQTT (publish), by `<applianceId>@<sentAt>`. */
  readonly sentAtMs: Map<string, number>;
  readonly agents: ApplianceAgent[];
  /** Stops taking heartbeats (agents stay connected to deliver what is buffered). */
  stopSampling(): void;
  /** Disconnects every agent. */
  close(): Promise<void>;
}

/** Starts `count` agents against `url`, one heartbeat every `intervalSeconds`. */
export async function startSimulatedFleet(options: {
  readonly url: string;
  readonly registry: LocalApplianceRegistry;
  readonly count: number;
  readonly intervalSeconds: number;
  readonly clock: () => number;
}): Promise<SimulatedFleet> {
  const sentAtMs = new Map<string, number>();
  const agents: ApplianceAgent[] = [];
  let sampling = true;
  const timers: NodeJS.Timeout[] = [];
  const started: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    const applianceId = `bench-${String(i).padStart(4, '0')}`;
    const { secret } = await options.registry.register(applianceId, `tenant-${i % 10}`);
    const config = await resolveAgentConfig({
      applianceId,
      intervalSeconds: options.intervalSeconds,
      bufferSize: 100,
      mqtt: { url: options.url, username: applianceId, keepaliveSeconds: 60 },
    });
    let last = 0;
    const sample = async (): Promise<HeartbeatEvent> => {
      if (!sampling) throw new Error('sampling stopped');
      last = Math.max(Date.now(), last + 1);
      const heartbeat: HeartbeatEvent = {
        schemaVersion: SCHEMA_VERSION,
        applianceId,
        sentAt: new Date(last).toISOString(),
        cpuPercent: (i * 7) % 100,
        memoryPercent: (i * 13) % 100,
        diskPercent: (i * 17) % 100,
        services: { named: 'up', smbd: i % 50 === 0 ? 'down' : 'up' },
        agentVersion: 'bench',
      };
      return heartbeat;
    };
    const agent = new ApplianceAgent({ ...config, password: secret }, { sample, log: () => undefined });
    agent.on('sending', (h: HeartbeatEvent) => {
      const id = `${h.applianceId}@${h.sentAt}`;
      if (!sentAtMs.has(id)) sentAtMs.set(id, options.clock());
    });
    agents.push(agent);
    // Spread the first heartbeats (and the connects) over the first interval.
    const delay = Math.random() * options.intervalSeconds * 1000;
    started.push(
      new Promise((resolve) => {
        timers.push(setTimeout(() => agent.start().then(resolve, resolve), delay));
      }),
    );
  }
  await Promise.all(started);
  return {
    sentAtMs,
    agents,
    stopSampling: () => {
      sampling = false;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await Promise.all(agents.map((a) => a.stop()));
    },
  };
}
