import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LabelValueRegistry } from '#domain/metrics/label-bound';
import type { TenantChosenLabel } from '#domain/metrics/labels';

/** What one instance knows of one tenant's label: never wrong, possibly behind. */
interface Known {
  /** Values admitted (by anyone) that this instance has seen. */
  readonly values: Set<string>;
  /** The bound was reached: `values` is then complete and final. */
  full: boolean;
}

/** Sort key of the admitted-value count; value items are `V#<value>`. */
const COUNT_SK = '#count';
/** Attempts of one admission that lose a transaction conflict before the error is thrown. */
const CONFLICT_ATTEMPTS = 5;

/**
 * The durable registry of the label values each tenant may use, in the metrics table: per
 * tenant and label, partition `L#<label>#<customerId>` holds one `V#<value>` item per admitted
 * value and a count. A new value is admitted by one transaction that puts its item (unless it
 * exists: then another instance admitted it) and adds 1 to the count under the condition that
 * the count is below the bound (else it is refused). Admitted values are never removed, and
 * once the count reaches the bound nothing more is ever admitted, so each instance caches what
 * it learnt and asks DynamoDB only about values it has not seen: one query per tenant and label
 * on a cold start, one transaction per new value, nothing once warm. `admitted` only reads
 * (what the exporter needs).
 */
export class DynamoLabelRegistry implements LabelValueRegistry {
  private readonly known = new Map<string, Known>();

  /**
   * @param bound distinct values admitted per tenant and label (`LABEL_VALUES_PER_TENANT`).
   * A bound lowered later keeps the values admitted before; a bound raised admits new values
   * from then on.
   */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly bound: number,
  ) {
    if (!Number.isInteger(bound) || bound < 1)
      throw new RangeError(`label value bound: a positive whole number, got ${bound}`);
  }

  async admit(
    customerId: string,
    label: TenantChosenLabel,
    values: readonly string[],
  ): Promise<ReadonlySet<string>> {
    const pk = `L#${label}#${customerId}`;
    let known = this.known.get(pk) ?? (await this.load(pk));
    const admitted = new Set<string>();
    for (const value of values) {
      if (!known.values.has(value) && !known.full) {
        if (await this.tryAdmit(pk, value)) known.values.add(value);
        else known = await this.load(pk); // full: the stored values are now the final set
      }
      if (known.values.has(value)) admitted.add(value);
    }
    return admitted;
  }

  async admitted(
    customerId: string,
    label: TenantChosenLabel,
    values: readonly string[],
  ): Promise<ReadonlySet<string>> {
    const pk = `L#${label}#${customerId}`;
    let known = this.known.get(pk) ?? (await this.load(pk));
    // A value not seen here may have been admitted elsewhere since, unless the bound is full.
    if (!known.full && values.some((v) => !known.values.has(v))) known = await this.load(pk);
    return new Set(values.filter((v) => known.values.has(v)));
  }

  /** Reads what the table holds for one tenant and label, and remembers it. */
  private async load(pk: string): Promise<Known> {
    const values = new Set<string>();
    let count = 0;
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        if (item.sk === COUNT_SK) count = Number(item.n);
        else values.add(item.value as string);
      }
    const known: Known = { values, full: count >= this.bound };
    this.known.set(pk, known);
    return known;
  }

  /** `true` when the value is admitted now or was before; `false` when the bound is full. */
  private async tryAdmit(pk: string, value: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { pk, sk: `V#${value}`, value },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: this.table,
                  Key: { pk, sk: COUNT_SK },
                  UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one',
                  ConditionExpression: 'attribute_not_exists(n) OR n < :bound',
                  ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':bound': this.bound },
                },
              },
            ],
          }),
        );
        return true;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const [put, count] = (e.CancellationReasons ?? []).map((r) => r.Code);
        if (put === 'ConditionalCheckFailed') return true;
        if (count === 'ConditionalCheckFailed') return false;
        // Another admission of the same tenant and label at the same moment: try again.
        if (attempt >= CONFLICT_ATTEMPTS) throw e;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
      }
    }
  }
}
