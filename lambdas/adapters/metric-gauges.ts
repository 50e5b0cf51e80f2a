import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { seriesPk } from './metric-aggregates.ts';

/**
 * Gauges in the metrics table: one item per series, beside the counter totals of
 * `MetricAggregates` and in the same layout (`pk` `S#<metric>`, `sk` the series key,
 * `value`), so the exporter reads both alike. A gauge is set, never added to, and only by a
 * reading newer than the stored one (`at`, ms since the epoch): a slow writer that finishes
 * after a faster, newer one does not turn the gauge back.
 */
export class MetricGauges {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Sets the gauge to `value` as of `atMs`.
   * @returns `true` when written, `false` when the stored reading is as new or newer.
   * @example await gauges.set('aiops_pipeline_lag_seconds{consumer="aggregator"}', 1.5, Date.now())
   */
  async set(key: string, value: number, atMs: number): Promise<boolean> {
    if (!Number.isFinite(value))
      throw new Error(`${key}: a gauge value must be a finite number, got ${value}`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: seriesPk(key), sk: key },
          UpdateExpression: 'SET #v = :v, #at = :at',
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#v': 'value', '#at': 'at' },
          ExpressionAttributeValues: { ':v': value, ':at': atMs },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
