import { SCHEMA_VERSION } from '#contract/common';
import type { HeartbeatEvent } from '#contract/heartbeat';
import { serviceStates } from './services.ts';
import { cpuSampler, diskPercent, memoryPercent } from './system-metrics.ts';

/** What the sampler reads. */
export interface SamplerOptions {
  readonly applianceId: string;
  readonly agentVersion: string;
  readonly services: readonly string[];
  readonly diskPath: string;
  /** @default 'systemctl' */
  readonly systemctl?: string;
  /** Told once when the service states cannot be read. */
  readonly onWarning?: (message: string) => void;
}

/**
 * A function that reads the appliance now and returns a contract-valid heartbeat: CPU since
 * the previous call, memory, disk, and the configured systemd units. `sentAt` is the sample
 * time, moved on by a millisecond if the clock did not advance, so each heartbeat has its own id.
 */
export function heartbeatSampler(options: SamplerOptions): () => Promise<HeartbeatEvent> {
  const cpu = cpuSampler();
  let lastMs = 0;
  let warned = false;
  return async () => {
    const [memory, disk, services] = await Promise.all([
      memoryPercent(),
      diskPercent(options.diskPath),
      serviceStates(options.services, options.systemctl),
    ]);
    if (!services && !warned) {
      warned = true;
      options.onWarning?.('systemd is not available here: services are not reported');
    }
    lastMs = Math.max(Date.now(), lastMs + 1);
    return {
      schemaVersion: SCHEMA_VERSION,
      applianceId: options.applianceId,
      sentAt: new Date(lastMs).toISOString(),
      cpuPercent: cpu(),
      memoryPercent: memory,
      diskPercent: disk,
      services: services ?? {},
      agentVersion: options.agentVersion,
    };
  };
}
