import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SeriesHistory } from '#domain/metrics/first-samples';

/** The additive series increments of one stream record, keyed by series key. */
export interface RecordIncrements {
  /** The stream record's sequence number: unique within the stream. */
  readonly sequenceNumber: string;
  /** Series key (e.g. `aiops_requests_total{action="dns.add_record",status="success"}`) → increment. */
  readonly increments: ReadonlyMap<string, number>;
}

/** What one fold did. */
export interface FoldResult {
  /** Records whose increments were added now. */
  readonly applied: number;
  /** Records already folded by an earlier delivery, skipped. */
  readonly skipped: number;
  readonly transactions: number;
}

/** Items per DynamoDB transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/** Markers outlive the stream's 24 h retention, so any redelivery still finds them. */
const MARKER_TTL_SECONDS = 3 * 86_400;

/** The partition key of a series: `S#` and the metric name (the key up to its labels). */
export const seriesPk = (key: string): string =>
  `S#${key.slice(0, key.indexOf('{') < 0 ? key.length : key.indexOf('{'))}`;
const markerPk = (sequenceNumber: string): string => `R#${sequenceNumber}`;

/** Decimal places kept of a fractional increment (a histogram sum: seconds, a confidence). */
const INCREMENT_DECIMALS = 1e9;

/**
 * An increment as DynamoDB can add it. Its numbers keep 38 significant digits and an ADD whose
 * exact result needs more fails (a sum of 0.93 plus an observation of 1e-40), so fractions are
 * rounded to nine decimal places: far finer than a histogram sum is read at (Prometheus keeps
 * a float64), and every total stays within the 38 digits. Integers (counts) are left exact.
 * @example storableIncrement(1e-40) // 0
 */
export function storableIncrement(value: number): number {
  if (Number.isInteger(value) || Math.abs(value) * INCREMENT_DECIMALS >= Number.MAX_SAFE_INTEGER)
    return value;
  return Math.round(value * INCREMENT_DECIMALS) / INCREMENT_DECIMALS;
}

/**
 * Durable metric aggregates, folded exactly once. Records are written in transactions that
 * add their increments to the series totals and put one marker per record under the
 * condition that it does not exist yet: a record delivered again (a retry, a bisected or
 * resumed batch, in Lambda or locally) finds its marker, is left out, and the rest is
 * written. No shard id is needed, which Lambda's stream events do not carry.
 *
 * The fold that creates a series item also stamps when (`createdAt`, ms) and from what
 * (`createdFrom`: `null`, nothing). Both are set once (`if_not_exists`), in the same update and
 * at no extra write cost. An item written before these stamps existed gets its old total as
 * `createdFrom` on its next fold, so it is never taken for a new series: the exporter's zero
 * sample (see `first-samples.ts`) is only ever sent for a series born under the stamps.
 */
export class MetricAggregates {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Folds the records' increments into the totals, each record once. */
  async fold(records: readonly RecordIncrements[]): Promise<FoldResult> {
    let applied = 0;
    let skipped = 0;
    let transactions = 0;
    for (const chunk of chunks(records)) {
      let pending = chunk;
      while (pending.length > 0) {
        transactions++;
        const done = await this.tryFold(pending);
        if (done === true) {
          applied += pending.length;
          break;
        }
        skipped += done.size;
        pending = pending.filter((r) => !done.has(r.sequenceNumber));
      }
    }
    return { applied, skipped, transactions };
  }

  /** Every series total, by series key. */
  async totals(metricNames: readonly string[]): Promise<Map<string, number>> {
    return new Map((await this.series(metricNames)).map((s) => [s.key, s.value]));
  }

  /**
   * Every series of these metrics with what the exporter needs to know of its past: its total,
   * when a fold created it (only for series created since creation stamps exist) and whether
   * an export has marked it (`exportedAt`, see `ExporterState.markExported`).
   * @example (await aggregates.series(['aiops_requests_total']))[0] // { key, value: 3, createdAtMs: 1767000000000, exported: false }
   */
  async series(metricNames: readonly string[]): Promise<SeriesHistory[]> {
    const out: SeriesHistory[] = [];
    for (const name of metricNames) {
      const pages = paginateQuery(
        { client: this.db },
        {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `S#${name}` },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) out.push(seriesHistory(item));
    }
    return out;
  }

  /** One transaction; `true`, or the sequence numbers already folded (their markers exist). */
  private async tryFold(records: readonly RecordIncrements[]): Promise<true | Set<string>> {
    const sums = new Map<string, number>();
    for (const r of records) for (const [k, v] of r.increments) sums.set(k, (sums.get(k) ?? 0) + v);
    const nowMs = this.now();
    const expiresAt = Math.floor(nowMs / 1000) + MARKER_TTL_SECONDS;
    const markers = records.map((r) => ({
      Put: {
        TableName: this.table,
        Item: { pk: markerPk(r.sequenceNumber), sk: '-', expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const updates = [...sums].map(([key, value]) => ({
      Update: {
        TableName: this.table,
        Key: { pk: seriesPk(key), sk: key },
        // Every action reads the item as it was: `#v` is absent only when this update creates it.
        UpdateExpression:
          'ADD #v :inc SET #ca = if_not_exists(#ca, :now), #cf = if_not_exists(#cf, if_not_exists(#v, :nothing))',
        ExpressionAttributeNames: { '#v': 'value', '#ca': 'createdAt', '#cf': 'createdFrom' },
        ExpressionAttributeValues: { ':inc': storableIncrement(value), ':now': nowMs, ':nothing': null },
      },
    }));
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: [...markers, ...updates] }));
      return true;
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const folded = new Set<string>();
      e.CancellationReasons?.forEach((reason, i) => {
        if (i < records.length && reason.Code === 'ConditionalCheckFailed')
          folded.add(records[i]?.sequenceNumber as string);
      });
      if (folded.size === 0) throw e; // cancelled for another reason (conflict, throttling): let the caller retry
      return folded;
    }
  }
}

/** A series item as the exporter sees it; a creation time only for series born under the stamps. */
function seriesHistory(item: Record<string, unknown>): SeriesHistory {
  const bornHere = item.createdFrom === null && typeof item.createdAt === 'number';
  return {
    key: item.sk as string,
    value: Number(item.value),
    ...(bornHere ? { createdAtMs: item.createdAt as number } : {}),
    exported: item.exportedAt !== undefined,
  };
}

/** Splits records so that markers plus distinct series stay within one transaction. */
function* chunks(records: readonly RecordIncrements[]): Generator<RecordIncrements[]> {
  let chunk: RecordIncrements[] = [];
  let series = new Set<string>();
  for (const r of records) {
    const next = new Set(series);
    for (const k of r.increments.keys()) next.add(k);
    if (chunk.length > 0 && chunk.length + 1 + next.size > MAX_TRANSACTION_ITEMS) {
      yield chunk;
      chunk = [];
      series = new Set(r.increments.keys());
    } else series = next;
    chunk.push(r);
  }
  if (chunk.length > 0) yield chunk;
}
