import { applianceId, eventTime, measure, schemaVersion, shortName } from './common.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

const percent = measure(100);
export const SERVICE_STATES = ['up', 'down'] as const;

/** A periodic health report from one appliance (HTTPS or MQTT). */
export const heartbeatSchema = z.strictObject({
  schemaVersion,
  applianceId,
  sentAt: eventTime,
  cpuPercent: percent,
  memoryPercent: percent,
  diskPercent: percent,
  services: z
    .record(
      z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'a service name')),
      z.enum(SERVICE_STATES),
    )
    .check(
      z.refine((s) => Object.keys(s).length <= LIMITS.maxServices, {
        message: `at most ${LIMITS.maxServices} services`,
      }),
    ),
  agentVersion: shortName,
});
export type HeartbeatEvent = z.infer<typeof heartbeatSchema>;

/** `POST /v1/heartbeats` takes one heartbeat or `{ heartbeats: [...] }` (an agent's buffer). */
export const heartbeatBatchSchema = z.strictObject({
  heartbeats: z.array(z.unknown()).check(z.minLength(1), z.maxLength(LIMITS.maxBatchItems)),
});
