import { type HeartbeatEvent, heartbeatSchema } from '#contract/heartbeat';
import type * as z from '#contract/zod';
import type { WriteOutcome } from './decision-lifecycle.ts';
import type { BatchSpec } from './ingest-batch.ts';
import type { LabelValueRegistry } from './metrics/label-bound.ts';
import { admitServices, heartbeatFoldIncrements } from './metrics/service-labels.ts';
import type { ApplianceStore, MetricCounts } from './ports.ts';

/** Where the `service` label bound of a heartbeat's tenant is kept and its folding counted. */
export interface HeartbeatLabels {
  readonly registry: LabelValueRegistry;
  readonly counts: MetricCounts;
}

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
  readonly schema?: z.ZodMiniType<HeartbeatEvent>;
  /** The tenant's `service` label bound. @default none: services are not admitted nor counted */
  readonly labels?: HeartbeatLabels;
}

/** The id of a heartbeat (within its tenant). */
const heartbeatId = (h: HeartbeatEvent): string => `${h.applianceId}@${new Date(h.sentAt).toISOString()}`;

/**
 * How heartbeats are ingested, whatever carried them (`POST /v1/heartbeats` or MQTT): one
 * heartbeat or `{ heartbeats: [...] }`, each kept once under `<applianceId>@<sentAt>`, the
 * appliance's latest state moving forward only. With `labels`, the heartbeat's service names
 * are admitted under the tenant's bound before it is stored (so the exporter never meets a
 * stored service whose fate is undecided), and a heartbeat with a service past the bound adds
 * 1 to `aiops_label_values_folded_total` exactly once, retries included (one fold marker per
 * heartbeat).
 * @example await ingestBatch(body, heartbeatSpec({ store, customerId: 'acme', now: new Date() }))
 */
export function heartbeatSpec(options: HeartbeatSpecOptions): BatchSpec<HeartbeatEvent> {
  const receivedAt = options.receivedAt ?? options.now;
  const { labels, customerId } = options;
  return {
    batchKey: 'heartbeats',
    schema: options.schema ?? heartbeatSchema,
    idOf: heartbeatId,
    timestampsOf: (h) => ({ sentAt: h.sentAt }),
    write: async (h): Promise<WriteOutcome> => {
      if (!labels) return options.store.recordHeartbeat(customerId, h, receivedAt);
      const names = Object.keys(h.services);
      const admitted = await admitServices(labels.registry, customerId, names);
      const outcome = await options.store.recordHeartbeat(customerId, h, receivedAt);
      const increments = heartbeatFoldIncrements(customerId, names, admitted);
      if (outcome !== 'conflict' && increments.size > 0)
        await labels.counts.fold([
          { sequenceNumber: `heartbeat:${customerId}#${heartbeatId(h)}`, increments },
        ]);
      return outcome;
    },
    now: options.now,
  };
}
