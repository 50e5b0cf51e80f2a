import type { HeartbeatEvent } from '#contract/heartbeat';
import type { Scope } from '#contract/routes';
import type { DecisionLifecycleEvent, IngestContext, WriteOutcome } from './decision-lifecycle.ts';
import type { RecordedDecision } from './recorded-decision.ts';

/** Filters of `GET /v1/decisions`. */
export interface DecisionFilter {
  readonly applianceId?: string;
  readonly executionStatus?: 'success' | 'failed' | 'timeout';
  readonly maxConfidence?: number;
  /** Inclusive bounds on `occurredAt`, ISO 8601 UTC. */
  readonly since?: string;
  readonly until?: string;
}

/** A page request: size and the opaque cursor of the previous page. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** Where decisions live (DynamoDB in AWS and locally). */
export interface DecisionStore {
  /** Records one event of a decision once: the same content again is a duplicate, other content a conflict. */
  write(event: DecisionLifecycleEvent, ctx: IngestContext): Promise<WriteOutcome>;
  get(customerId: string, decisionId: string): Promise<RecordedDecision | undefined>;
  /** Decisions whose decision event has arrived, in the filter's order (see `DecisionFilter`). */
  list(customerId: string, filter: DecisionFilter, page: PageRequest): Promise<Page<RecordedDecision>>;
}

/** The latest state of one appliance, as stored. */
export interface ApplianceState {
  readonly customerId: string;
  readonly applianceId: string;
  readonly lastHeartbeatAt: string;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly diskPercent: number;
  readonly services: Record<string, 'up' | 'down'>;
  readonly agentVersion: string;
  /** When the latest heartbeat was received (server clock, ISO 8601); absent on old items. */
  readonly receivedAt?: string;
  /** The latest connection event from the broker (MQTT appliances only). */
  readonly presence?: PresenceState;
}

/** An appliance's latest MQTT connection state, as the broker reported it. */
export interface PresenceState {
  readonly connected: boolean;
  /** The broker's time of the event, ISO 8601 UTC with milliseconds. */
  readonly at: string;
}

/** A lifecycle event to apply: newer events win, older and repeated ones change nothing. */
export interface PresenceChange extends PresenceState {
  /** Orders events with the same `at`: a disconnect (1) after a connect (0). */
  readonly rank: 0 | 1;
  /** The broker's session id, when it has one. */
  readonly sessionId?: string;
  /** Why the client disconnected, when the broker says. */
  readonly reason?: string;
}

/** Where heartbeats and appliance state live. */
export interface ApplianceStore {
  /** Stores one heartbeat once and moves the appliance's latest state forward (never back). */
  recordHeartbeat(customerId: string, heartbeat: HeartbeatEvent, receivedAt: Date): Promise<WriteOutcome>;
  list(customerId: string, page: PageRequest): Promise<Page<ApplianceState>>;
  /** The latest state of every appliance of every tenant (for the metrics exporter). */
  allLatest(): Promise<ApplianceState[]>;
  /** Applies a connection event unless a newer (or the same) one is stored; `stale` when not applied. */
  recordPresence(
    customerId: string,
    applianceId: string,
    change: PresenceChange,
  ): Promise<'applied' | 'stale'>;
}

/** Series increments of one event, folded once under its id however often it is delivered. */
export interface CountedEvent {
  /** Unique per event and the same on every delivery of it. */
  readonly sequenceNumber: string;
  /** Series key → increment. */
  readonly increments: ReadonlyMap<string, number>;
}

/** Where counters are added to, each event once (the metric aggregates). */
export interface MetricCounts {
  fold(events: readonly CountedEvent[]): Promise<unknown>;
}

/** Who registered an appliance: its tenant comes from here (IoT thing attribute, local registry), never from a payload. */
export interface ApplianceRegistry {
  /**
   * The appliance's tenant, or `undefined` when it is not registered (or revoked). Given the
   * principal a message was sent with (IoT Core: the certificate id; the local broker: the
   * registration's id), also `undefined` unless that principal is the current registration's:
   * a registration replaced since (revoked, registered again, perhaps to another tenant) never
   * lends its tenant to the old credentials, and the new credentials are never answered from a
   * cache of the old registration.
   */
  tenantOf(applianceId: string, principal?: string): Promise<string | undefined>;
}

/** A stored API key (the secret itself is never stored). */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly secretHash: string;
  readonly customerId: string;
  readonly scopes: readonly Scope[];
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export interface KeyStore {
  put(record: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  list(customerId?: string): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; `false` when there is no such key. */
  revoke(keyId: string, at: Date): Promise<boolean>;
}
