/** One row of `appliance_heartbeats`. Times are ISO 8601 UTC. */
export interface HeartbeatRow {
  readonly customer_id: string;
  readonly appliance_id: string;
  readonly sent_at: string;
  readonly cpu_percent: number;
  readonly memory_percent: number;
  readonly disk_percent: number;
  readonly services: Readonly<Record<string, 'up' | 'down'>>;
  readonly agent_version: string;
  /** When the API accepted the heartbeat; `null` if the item predates that attribute. */
  readonly received_at: string | null;
}

/** The columns of a heartbeat row, in table order. */
export const HEARTBEAT_COLUMNS = [
  'customer_id',
  'appliance_id',
  'sent_at',
  'cpu_percent',
  'memory_percent',
  'disk_percent',
  'services',
  'agent_version',
  'received_at',
] as const satisfies readonly (keyof HeartbeatRow)[];

/** Sort-key prefix of the history items in the appliances table (the adapter writes `HB#<sentAt>`). */
export const HEARTBEAT_SORT_KEY_PREFIX = 'HB#';

function field<T>(item: Record<string, unknown>, name: string, type: 'string' | 'number' | 'object'): T {
  const value = item[name];
  if (typeof value !== type || value === null) {
    throw new Error(
      `heartbeat item ${String(item.pk)}/${String(item.sk)}: ${name} must be ${type === 'object' ? 'an object' : `a ${type}`}`,
    );
  }
  return value as T;
}

/**
 * The history row of an appliances-table item.
 * @returns `undefined` for items that are not heartbeat history (the `LATEST` state item)
 * @throws Error naming the attribute when a history item lacks one or has the wrong type
 * @example toHeartbeatRow({ pk: 'acme#ucs-1', sk: 'HB#2026-11-21T10:00:00.000Z', ... })
 */
export function toHeartbeatRow(item: Record<string, unknown>): HeartbeatRow | undefined {
  if (typeof item.sk !== 'string' || !item.sk.startsWith(HEARTBEAT_SORT_KEY_PREFIX)) return undefined;
  const receivedAt = item.receivedAt;
  const sentAt = new Date(field<string>(item, 'sentAt', 'string'));
  if (Number.isNaN(sentAt.getTime()))
    throw new Error(`heartbeat item ${String(item.pk)}/${item.sk}: sentAt must be a timestamp`);
  return {
    customer_id: field(item, 'customerId', 'string'),
    appliance_id: field(item, 'applianceId', 'string'),
    sent_at: sentAt.toISOString(),
    cpu_percent: field(item, 'cpuPercent', 'number'),
    memory_percent: field(item, 'memoryPercent', 'number'),
    disk_percent: field(item, 'diskPercent', 'number'),
    services: field(item, 'services', 'object'),
    agent_version: field(item, 'agentVersion', 'string'),
    received_at: typeof receivedAt === 'string' ? receivedAt : null,
  };
}
