import { parseApplianceTopic } from '#contract/fleet';
import { heartbeatSchema } from '#contract/heartbeat';
import * as z from '#contract/zod';
import { readJsonBody } from '#http/request-body';
import { type HeartbeatLabels, heartbeatSpec } from './heartbeat-ingest.ts';
import { type IngestAnswer, ingestBatch } from './ingest-batch.ts';
import type { ApplianceRegistry, ApplianceStore } from './ports.ts';
import { RejectionError } from './rejection.ts';

/**
 * What the heartbeat topic rule passes on: the payload untouched (base64, so a payload that
 * is not JSON still arrives and is refused here with a reason), the topic, the publishing
 * client, the credentials it published with (IoT Core's `principal()`: the certificate id) and
 * the broker's receive time. The IoT rule's SQL builds exactly this.
 */
export const mqttHeartbeatMessageSchema = z.strictObject({
  payload: z.string(),
  topic: z.string(),
  clientId: z.optional(z.string()),
  principal: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  receivedAtMs: z.number().check(z.int(), z.gte(0)),
});
export type MqttHeartbeatMessage = z.infer<typeof mqttHeartbeatMessageSchema>;

/** The result of one MQTT message: ingested (items may still be rejected) or refused whole. */
export type MqttHeartbeatResult =
  | { readonly status: 'ingested'; readonly applianceId: string; readonly answer: IngestAnswer }
  | { readonly status: 'refused'; readonly applianceId?: string; readonly reason: string };

/** Dependencies of {@link ingestMqttHeartbeat}. */
export interface MqttHeartbeatDeps {
  readonly store: ApplianceStore;
  readonly registry: ApplianceRegistry;
  readonly now: Date;
  /** The tenant's `service` label bound (see `heartbeatSpec`). @default none */
  readonly labels?: HeartbeatLabels;
}

/**
 * Ingests a heartbeat message with the same core as `POST /v1/heartbeats`. The appliance is
 * the topic's (the broker lets a client publish only on its own), its tenant the current
 * registration's, and only for the credentials that registration issued; a payload naming
 * another appliance is rejected, nothing of it written.
 * @example await ingestMqttHeartbeat(message, { store, registry, now: new Date() })
 */
export async function ingestMqttHeartbeat(
  message: MqttHeartbeatMessage,
  deps: MqttHeartbeatDeps,
): Promise<MqttHeartbeatResult> {
  const topic = parseApplianceTopic(message.topic);
  if (topic?.kind !== 'heartbeat')
    return { status: 'refused', reason: `not a heartbeat topic: ${message.topic}` };
  const { applianceId } = topic;
  if (message.clientId !== undefined && message.clientId !== applianceId) {
    return {
      status: 'refused',
      applianceId,
      reason: `client ${message.clientId} published on another appliance's topic`,
    };
  }
  const customerId = await deps.registry.tenantOf(applianceId, message.principal);
  if (!customerId) {
    return {
      status: 'refused',
      applianceId,
      reason: message.principal
        ? 'not a registered appliance, or not its current credentials (revoked or registered again)'
        : 'not a registered appliance',
    };
  }
  const schema = heartbeatSchema.check(
    z.refine((h) => h.applianceId === applianceId, {
      path: ['applianceId'],
      message: `must be the appliance of the topic (${applianceId})`,
    }),
  );
  try {
    const body = readJsonBody({
      headers: { 'content-type': 'application/json' },
      body: message.payload,
      isBase64Encoded: true,
    });
    const spec = heartbeatSpec({
      store: deps.store,
      customerId,
      now: deps.now,
      receivedAt: new Date(message.receivedAtMs),
      schema,
      ...(deps.labels ? { labels: deps.labels } : {}),
    });
    return { status: 'ingested', applianceId, answer: await ingestBatch(body, spec) };
  } catch (e) {
    if (e instanceof RejectionError)
      return { status: 'refused', applianceId, reason: `${e.code}: ${e.message}` };
    throw e;
  }
}
