import type { HeartbeatRow } from '../postgres/heartbeat-row.ts';

/**
 * Timestream for LiveAnalytics records for heartbeat history (the opt-in sink). Pure: the
 * shapes below are the wire shapes of `WriteRecords` (`_Record`, `Dimension`,
 * `MeasureValue` of `@aws-sdk/client-timestream-write`) without importing the SDK.
 *
 * One heartbeat is one MULTI-measure record named `heartbeat` whose series is identified
 * by the dimensions `customer_id`, `appliance_id` and `agent_version`, at `Time` = the
 * heartbeat's `sent_at` in milliseconds.
 *
 * **Versions.** Timestream identifies a data point by its dimensions, time and measure
 * name. Writing the same point again is accepted when the measure values are identical
 * (a no-op), and rejected (`RejectedRecords`, with the stored `ExistingVersion`) when the
 * values differ and the new `Version` is not higher than the stored one; a higher
 * `Version` replaces the stored values (an upsert). `Version` defaults to 1 and must be
 * ≥ 1. We set it to the time the API received the heartbeat, in milliseconds, so a stream
 * replay of the same item (same values, same version) is harmless, and an appliance that
 * re-sends the same `sentAt` with new values later wins, as in the PostgreSQL history.
 */

/** A dimension of a record. */
export interface TimestreamDimension {
  readonly Name: string;
  readonly Value: string;
  /** @default 'VARCHAR' (the only type Timestream accepts) */
  readonly DimensionValueType?: 'VARCHAR';
}

/** One value of a MULTI-measure record. */
export interface TimestreamMeasureValue {
  readonly Name: string;
  readonly Value: string;
  readonly Type: 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';
}

/** A record as `WriteRecords` takes it (fields may be hoisted into `CommonAttributes`). */
export interface TimestreamRecord {
  readonly Dimensions?: TimestreamDimension[];
  readonly MeasureName?: string;
  readonly MeasureValueType?: 'MULTI';
  readonly MeasureValues?: TimestreamMeasureValue[];
  /** Time since the epoch in `TimeUnit`, as a decimal string. */
  readonly Time?: string;
  readonly TimeUnit?: 'MILLISECONDS';
  /** See the module comment. */
  readonly Version?: number;
}

/** Measure name of heartbeat records. */
export const HEARTBEAT_MEASURE_NAME = 'heartbeat';

/** Prefix of the per-service measures (`service_dns` = 1 when up, 0 when down). */
export const SERVICE_MEASURE_PREFIX = 'service_';

/** Timestream's limit on a measure name, in UTF-8 bytes; sanitised names are ASCII. */
const MAX_MEASURE_NAME_LENGTH = 256;

/**
 * The measure name of a service: accents dropped, lower case, every run of characters other than `a-z`,
 * `0-9` and `_` becomes one `_`, leading and trailing `_` dropped, prefixed `service_`
 * (which also keeps clear of Timestream's reserved names and prefixes `time`,
 * `measure_name`, `measure_value`, `ts_`) and cut to 256 characters.
 * @example serviceMeasureName('Samba (SMB)') // 'service_samba_smb'
 */
export function serviceMeasureName(service: string): string {
  const cleaned = service
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${SERVICE_MEASURE_PREFIX}${cleaned || 'unnamed'}`.slice(0, MAX_MEASURE_NAME_LENGTH);
}

function epochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new Error(`heartbeat row: ${field} must be a timestamp (got ${JSON.stringify(iso)})`);
  return ms;
}

/**
 * The record version of a heartbeat: when the API received it, in epoch milliseconds;
 * for rows that predate `received_at`, when it was sent (still ≥ 1).
 * @throws Error naming the field when the timestamp cannot be parsed
 * @example heartbeatVersion(row) // 1795251601000
 */
export function heartbeatVersion(row: HeartbeatRow): number {
  const ms =
    row.received_at === null ? epochMs(row.sent_at, 'sent_at') : epochMs(row.received_at, 'received_at');
  return Math.max(1, ms);
}

/**
 * The service measures of a heartbeat, sorted by name. Two services whose names sanitise
 * to the same measure (`DNS` and `dns`) become one, down if either is down: a record may
 * not name a measure twice, and a down service must not be hidden.
 */
function serviceMeasures(services: HeartbeatRow['services']): TimestreamMeasureValue[] {
  const up = new Map<string, boolean>();
  for (const [service, state] of Object.entries(services)) {
    const name = serviceMeasureName(service);
    up.set(name, (up.get(name) ?? true) && state === 'up');
  }
  return [...up.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, isUp]) => ({ Name, Value: isUp ? '1' : '0', Type: 'BIGINT' }));
}

function percent(row: HeartbeatRow, field: 'cpu_percent' | 'memory_percent' | 'disk_percent') {
  const value = row[field];
  if (!Number.isFinite(value)) throw new Error(`heartbeat row: ${field} must be a finite number`);
  return { Name: field, Value: String(value), Type: 'DOUBLE' } as const;
}

/**
 * The Timestream record of one heartbeat row: dimensions `customer_id`, `appliance_id`,
 * `agent_version`; MULTI measure `heartbeat` with `cpu_percent`, `memory_percent`,
 * `disk_percent` (DOUBLE) and `service_<name>` (BIGINT 1/0); `Time` = `sent_at` in ms;
 * `Version` from {@link heartbeatVersion}.
 * @throws Error naming the field when a timestamp or a percentage is not usable
 * @example toTimestreamRecord(row).MeasureValues // [{ Name: 'cpu_percent', Value: '12.5', Type: 'DOUBLE' }, ...]
 */
export function toTimestreamRecord(row: HeartbeatRow): TimestreamRecord {
  return {
    Dimensions: [
      { Name: 'customer_id', Value: row.customer_id },
      { Name: 'appliance_id', Value: row.appliance_id },
      { Name: 'agent_version', Value: row.agent_version },
    ],
    MeasureName: HEARTBEAT_MEASURE_NAME,
    MeasureValueType: 'MULTI',
    MeasureValues: [
      percent(row, 'cpu_percent'),
      percent(row, 'memory_percent'),
      percent(row, 'disk_percent'),
      ...serviceMeasures(row.services),
    ],
    Time: String(epochMs(row.sent_at, 'sent_at')),
    TimeUnit: 'MILLISECONDS',
    Version: heartbeatVersion(row),
  };
}
