import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { seriesPk } from './metric-aggregates.ts';

/** What a claim of the export lease got. */
export type ExportClaim =
  | { readonly ok: true; readonly atMs: number }
  /** `busy`: another run holds the lease; `clock`: a run at this time or later was already claimed. */
  | { readonly ok: false; readonly reason: 'busy' | 'clock' };

/**
 * How long a run holds the lease: the exporter Lambda's timeout, so a run that dies keeps the
 * next one out for at most this long, and a run that lives never outlasts it.
 */
export const EXPORT_LEASE_MS = 50_000;

const LEASE_KEY = { pk: 'X#exporter', sk: 'lease' } as const;
/** Series marked per request burst, so a first export of many new series stays smooth. */
const MARK_CONCURRENCY = 16;

/**
 * The exporter's durable state in the metrics table: a lease that lets one run export at a
 * time, and on each series item the mark (`exportedAt`) that says it has been sent.
 *
 * Prometheus and AMP refuse a whole request when one of its samples is older than a sample of
 * the same series they already hold. Two runs at once (EventBridge Scheduler delivers at least
 * once; a local loop and a second process) could land in any order, so a run first claims the
 * lease; the claim fails while another run holds it, and also unless its time is later than
 * the last claimed one, so the sample times of successive runs only grow, even across
 * restarts and machines. A run that dies keeps the lease until it expires.
 *
 * Cost: two writes per run (claim, release) and one write per series, once in its life.
 */
export class ExporterState {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Claims the lease for `leaseMs` from `nowMs` under a holder id.
   * @example const claim = await state.claim(Date.now(), 50_000, randomUUID())
   */
  async claim(nowMs: number, leaseMs: number, holder: string): Promise<ExportClaim> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: LEASE_KEY,
          UpdateExpression: 'SET holder = :holder, #until = :until, lastAt = :now',
          ConditionExpression:
            '(attribute_not_exists(#until) OR #until < :now) AND (attribute_not_exists(lastAt) OR lastAt < :now)',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':holder': holder, ':until': nowMs + leaseMs, ':now': nowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true, atMs: nowMs };
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const old = e.Item ? unmarshall(e.Item) : {};
      return { ok: false, reason: typeof old.until === 'number' && old.until >= nowMs ? 'busy' : 'clock' };
    }
  }

  /** Gives the lease back, unless it has passed to another holder since. */
  async release(holder: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: LEASE_KEY,
          UpdateExpression: 'REMOVE holder, #until',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * Marks series as exported at `atMs`, each only if no run marked it before. The mark is
   * written before the series is first sent, so no later run can send it a zero sample.
   * @returns `marked`: the keys this call marked (they get their zero sample now); `failed`:
   *   keys whose write failed, marked or not (they must not be sent in this run: a series sent
   *   unmarked could get a zero after its value next time). Keys marked before are in neither.
   * @example const { marked, failed } = await state.markExported(['aiops_feedback_total{rating="thumbs_up"}'], at)
   */
  async markExported(
    keys: readonly string[],
    atMs: number,
  ): Promise<{ marked: Set<string>; failed: Set<string> }> {
    const marked = new Set<string>();
    const failed = new Set<string>();
    for (let i = 0; i < keys.length; i += MARK_CONCURRENCY)
      await Promise.all(
        keys.slice(i, i + MARK_CONCURRENCY).map(async (key) => {
          try {
            await this.db.send(
              new UpdateCommand({
                TableName: this.table,
                Key: { pk: seriesPk(key), sk: key },
                UpdateExpression: 'SET exportedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(exportedAt)',
                ExpressionAttributeValues: { ':at': atMs },
              }),
            );
            marked.add(key);
          } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException)) failed.add(key);
          }
        }),
      );
    return { marked, failed };
  }
}
