import type * as z from 'zod';
import { type HeartbeatEvent, heartbeatSchema } from '#contract/heartbeat';
import type { BatchSpec } from './ingest-batch.ts';
import type { ApplianceStore } from './ports.ts';

/** Options of {@link heartbeatSpec}. */
export interface HeartbeatSpecOptions {
  readonly store: ApplianceStore;
  /** The tenant: from the API key (HTTPS) or the appliance's registration (MQTT), never the payload. */
  readonly customerId: string;
  /** The clock for the future-timestamp check. */
  readonly now: Date;
  /** When the heartbeat was received (the broker's time for MQTT). @default now */
  readonly receivedAt?: Date;
  /** A stricter schema, e.g. one that pins `applianceId` to the MQTT topic's. @default heartbeatSchema */
  readonly schema?: z.ZodType<HeartbeatEvent>;
}

/**
 * How heartbeats are ingested, whatever carried them (`POST /v1/heartbeats` or MQTT): one
 * heartbeat or `{ heartbeats: [...] }`, each kept once under `<applianceId>@<sentAt>`, the
 * appliance's latest state moving forward only.
 * @example await ingestBatch(body, heartbeatSpec({ store, customerId: 'acme', now: new Date() }))
 */
export function heartbeatSpec(options: HeartbeatSpecOptions): BatchSpec<HeartbeatEvent> {
  const receivedAt = options.receivedAt ?? options.now;
  return {
    batchKey: 'heartbeats',
    schema: options.schema ?? heartbeatSchema,
    idOf: (h) => `${h.applianceId}@${new Date(h.sentAt).toISOString()}`,
    timestampsOf: (h) => ({ sentAt: h.sentAt }),
    write: (h) => options.store.recordHeartbeat(options.customerId, h, receivedAt),
    now: options.now,
  };
}
