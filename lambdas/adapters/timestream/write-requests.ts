import type { TimestreamDimension, TimestreamRecord } from './records.ts';

/** Timestream's limit on records in one WriteRecords request. */
export const MAX_RECORDS_PER_REQUEST = 100;

/** The input of one WriteRecords call, with where its records came from. */
export interface WriteRequest {
  readonly DatabaseName: string;
  readonly TableName: string;
  /** Fields every record of the request shares, sent once. */
  readonly CommonAttributes: TimestreamRecord;
  readonly Records: TimestreamRecord[];
  /** Index in the caller's list of `Records[i]` (`RecordIndex` of a rejection → input). */
  readonly sourceIndexes: number[];
}

const SCALAR_FIELDS = ['MeasureName', 'MeasureValueType', 'TimeUnit'] as const;

const dimensionKey = (d: TimestreamDimension) => JSON.stringify([d.Name, d.Value]);

/** The dimensions (name and value) that every record carries. */
function sharedDimensions(records: readonly TimestreamRecord[]): Set<string> {
  const [first, ...rest] = records;
  const shared = new Set((first?.Dimensions ?? []).map(dimensionKey));
  for (const record of rest) {
    const own = new Set((record.Dimensions ?? []).map(dimensionKey));
    for (const key of shared) if (!own.has(key)) shared.delete(key);
  }
  return shared;
}

/**
 * Moves what all records of a chunk share into `CommonAttributes`: the measure name, type
 * and time unit always (every heartbeat has the same), and the dimensions every record
 * carries with the same value (all of them when the chunk is one appliance's history,
 * usually `customer_id` alone otherwise). Timestream merges the common attributes into
 * each record, so the request means the same and is smaller.
 */
function hoist(records: readonly TimestreamRecord[]): Pick<WriteRequest, 'CommonAttributes' | 'Records'> {
  const common: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) {
    const value = records[0]?.[field];
    if (value !== undefined && records.every((r) => r[field] === value)) common[field] = value;
  }
  const shared = sharedDimensions(records);
  const first = records[0]?.Dimensions ?? [];
  if (shared.size > 0) common.Dimensions = first.filter((d) => shared.has(dimensionKey(d)));
  const slim = records.map((record) => {
    const out: Record<string, unknown> = { ...record };
    for (const field of Object.keys(common)) if (field !== 'Dimensions') delete out[field];
    if (shared.size > 0) {
      const own = (record.Dimensions ?? []).filter((d) => !shared.has(dimensionKey(d)));
      if (own.length > 0) out.Dimensions = own;
      else delete out.Dimensions;
    }
    return out as TimestreamRecord;
  });
  return { CommonAttributes: common as TimestreamRecord, Records: slim };
}

/**
 * Splits records into WriteRecords requests of at most `maxRecords`, in order, each with
 * its shared fields hoisted into `CommonAttributes`.
 * @throws Error when `maxRecords` is not a whole number from 1 to 100
 * @example toWriteRequests(rows.map(toTimestreamRecord), { database: 'aiops', table: 'heartbeats' })
 */
export function toWriteRequests(
  records: readonly TimestreamRecord[],
  target: { readonly database: string; readonly table: string; readonly maxRecords?: number },
): WriteRequest[] {
  const size = target.maxRecords ?? MAX_RECORDS_PER_REQUEST;
  if (!Number.isInteger(size) || size < 1 || size > MAX_RECORDS_PER_REQUEST) {
    throw new Error(`maxRecords must be a whole number from 1 to ${MAX_RECORDS_PER_REQUEST} (got ${size})`);
  }
  const requests: WriteRequest[] = [];
  for (let start = 0; start < records.length; start += size) {
    const chunk = records.slice(start, start + size);
    requests.push({
      DatabaseName: target.database,
      TableName: target.table,
      ...hoist(chunk),
      sourceIndexes: chunk.map((_, i) => start + i),
    });
  }
  return requests;
}
