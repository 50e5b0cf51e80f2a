import * as z from '#contract/zod';
import type { ApplianceRegistry, ApplianceStore, PresenceChange } from './ports.ts';

/**
 * An AWS IoT Core lifecycle event (`$aws/events/presence/connected/<clientId>` and
 * `.../disconnected/<clientId>`), or the same shape from the local broker. Fields this
 * system does not read are allowed and ignored.
 */
export const lifecycleEventSchema = z.looseObject({
  clientId: z.string().check(z.minLength(1), z.maxLength(128)),
  /** Broker time in epoch milliseconds. */
  timestamp: z.number().check(z.int(), z.gte(0)),
  eventType: z.enum(['connected', 'disconnected']),
  sessionIdentifier: z.optional(z.string().check(z.maxLength(256))),
  principalIdentifier: z.optional(z.string().check(z.maxLength(512))),
  disconnectReason: z.optional(z.string().check(z.maxLength(128))),
  versionNumber: z.optional(z.number().check(z.int())),
});
export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;

/**
 * A disconnect IoT Core reports when another connection took the same client id: the
 * appliance is still connected (through the newer session), so it never marks it offline.
 */
export const TAKEN_OVER = 'DUPLICATE_CLIENTID';

/**
 * The change a lifecycle event makes, or why it makes none. Events are ordered by their
 * broker `timestamp` (a disconnect after a connect of the same millisecond); the store keeps
 * the newest, so duplicates and late arrivals change nothing.
 * @example presenceChange({ clientId: 'a1', timestamp: 1, eventType: 'connected' })
 */
export function presenceChange(
  event: LifecycleEvent,
): { applianceId: string; change: PresenceChange } | { ignored: string } {
  if (event.eventType === 'disconnected' && event.disconnectReason === TAKEN_OVER) {
    return { ignored: 'a newer session of the same client took over' };
  }
  const connected = event.eventType === 'connected';
  return {
    applianceId: event.clientId,
    change: {
      connected,
      at: new Date(event.timestamp).toISOString(),
      rank: connected ? 0 : 1,
      ...(event.sessionIdentifier ? { sessionId: event.sessionIdentifier } : {}),
      ...(event.disconnectReason ? { reason: event.disconnectReason } : {}),
    },
  };
}

/** What applying one lifecycle event did. */
export type PresenceResult =
  | { readonly status: 'applied' | 'stale'; readonly applianceId: string; readonly connected: boolean }
  | { readonly status: 'ignored'; readonly reason: string; readonly applianceId?: string };

/**
 * Applies one lifecycle event to the appliance's state: the tenant comes from the
 * registration, not the event, and only for the credentials it issued (so the late
 * disconnect of a revoked registration's connection never marks a new one offline).
 * Malformed events and unregistered clients (the rules engine's own, a console test client)
 * are ignored, not failed: retrying cannot help them.
 * @example await applyPresence(event, { store: stores().appliances, registry })
 */
export async function applyPresence(
  event: unknown,
  deps: { readonly store: ApplianceStore; readonly registry: ApplianceRegistry },
): Promise<PresenceResult> {
  const parsed = lifecycleEventSchema.safeParse(event);
  if (!parsed.success) return { status: 'ignored', reason: `not a lifecycle event: ${parsed.error.message}` };
  const change = presenceChange(parsed.data);
  if ('ignored' in change)
    return { status: 'ignored', reason: change.ignored, applianceId: parsed.data.clientId };
  const tenant = await deps.registry.tenantOf(change.applianceId, parsed.data.principalIdentifier);
  if (!tenant) {
    return {
      status: 'ignored',
      reason: 'not a registered appliance, or not its current credentials',
      applianceId: change.applianceId,
    };
  }
  const status = await deps.store.recordPresence(tenant, change.applianceId, change.change);
  return { status, applianceId: change.applianceId, connected: change.change.connected };
}
