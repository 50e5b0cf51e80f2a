/**
 * The MQTT side of the contract: topic names and the rules a thing name follows. Shared by
 * the IoT policy (CDK), the local broker, the registration CLI and the agent, so the topic an
 * appliance may publish on is written in exactly one place.
 */

/** First levels of every appliance topic. */
export const TOPIC_ROOT = 'aiops/appliances';

/** The filter the heartbeat rule subscribes to: one level per appliance (its thing name). */
export const HEARTBEAT_TOPIC_FILTER = `${TOPIC_ROOT}/+/heartbeat`;

/** The filter of presence messages sent by agents on brokers without lifecycle events. */
export const PRESENCE_TOPIC_FILTER = `${TOPIC_ROOT}/+/presence`;

/** The thing attribute that holds the appliance's tenant (`customerId`). */
export const TENANT_ATTRIBUTE = 'tenant';

/**
 * The thing attribute that holds the id of the certificate its registration issued: messages
 * signed by any other certificate (one of an earlier registration) are not the thing's now.
 */
export const CERTIFICATE_ATTRIBUTE = 'certificateId';

/**
 * IoT thing names: letters, digits, `:`, `_`, `-` (no dots, unlike appliance ids in general).
 * An appliance registered with IoT Core uses its id as thing name and MQTT client id.
 */
export const THING_NAME_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;

/** Tenants are thing attribute values, so they keep to that alphabet too. */
export const TENANT_PATTERN = /^[A-Za-z0-9_.,@:#=-]{1,128}$/;

/**
 * The one topic an appliance may publish its heartbeats on.
 * @example heartbeatTopic('appl-dns-01') // 'aiops/appliances/appl-dns-01/heartbeat'
 */
export const heartbeatTopic = (applianceId: string): string => `${TOPIC_ROOT}/${applianceId}/heartbeat`;

/** The presence topic of one appliance (generic brokers only; IoT Core has lifecycle events). */
export const presenceTopic = (applianceId: string): string => `${TOPIC_ROOT}/${applianceId}/presence`;

/**
 * The appliance a topic belongs to and what kind of message it carries.
 * @returns `undefined` for any other topic
 * @example parseApplianceTopic('aiops/appliances/a1/heartbeat') // { applianceId: 'a1', kind: 'heartbeat' }
 */
export function parseApplianceTopic(
  topic: string,
): { applianceId: string; kind: 'heartbeat' | 'presence' } | undefined {
  const m = /^aiops\/appliances\/([^/+#]+)\/(heartbeat|presence)$/.exec(topic);
  if (!m) return undefined;
  return { applianceId: m[1] as string, kind: m[2] as 'heartbeat' | 'presence' };
}
