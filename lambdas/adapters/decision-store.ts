import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DecisionLifecycleEvent, IngestContext, WriteOutcome } from '#domain/decision-lifecycle';
import type { DecisionFilter, DecisionStore, Page, PageRequest } from '#domain/ports';
import type { RecordedDecision } from '#domain/recorded-decision';
import { batchGetItems } from './batch-get.ts';
import { type CursorQuery, decodeCursor, encodeCursor, queryFingerprint } from './cursor.ts';
import { planDecisionQuery, type QueryPlan } from './decision-query.ts';
import { writeSection } from './decision-write.ts';
import { type DecisionItem, decisionPk, hashAttribute } from './dynamodb/decision-item.ts';
import { recordedDecision } from './dynamodb/recorded-decision.ts';
import { planSection } from './dynamodb/section-write.ts';
import { DECISIONS_TABLE } from './dynamodb-tables.ts';

/** Pages read per list call at most, so a sparse filter cannot make one request slow. */
const MAX_PAGES_PER_CALL = 5;

/** The decisions table behind the DecisionStore port. */
export class DynamoDecisionStore implements DecisionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  write(event: DecisionLifecycleEvent, ctx: IngestContext): Promise<WriteOutcome> {
    return writeSection(this.db, this.table, planSection(event, ctx));
  }

  async get(customerId: string, decisionId: string): Promise<RecordedDecision | undefined> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: decisionPk(customerId, decisionId) } }),
    );
    return res.Item ? recordedDecision(res.Item as DecisionItem) : undefined;
  }

  /**
   * A page of the tenant's decisions: the index answers which (its entries hold the keys and
   * what the filter expression reads), the table the records, read in batches.
   */
  async list(customerId: string, filter: DecisionFilter, page: PageRequest): Promise<Page<RecordedDecision>> {
    const plan = planDecisionQuery(customerId, filter);
    const filtered = plan.filter !== undefined || plan.statusKey !== undefined;
    const cursorQuery = cursorQueryOf(customerId, plan);
    let startKey = page.cursor ? decodeCursor(page.cursor, cursorQuery) : undefined;
    const items: DecisionItem[] = [];
    for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages++) {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: plan.index,
          KeyConditionExpression: plan.keyCondition,
          FilterExpression: plan.filter,
          ExpressionAttributeNames: plan.names,
          ExpressionAttributeValues: plan.values,
          ScanIndexForward: plan.forward,
          ExclusiveStartKey: startKey,
          Limit: filtered ? Math.max(page.limit * 4, 50) : page.limit + 1,
        }),
      );
      const entries = (res.Items ?? []).map((e) => e.pk as string);
      // In index order, no more records read than the page still needs (all of them when
      // the status is checked on the records).
      for (let next = 0; next < entries.length && items.length <= page.limit; ) {
        const chunk = entries.slice(next, plan.statusKey ? undefined : next + page.limit + 1 - items.length);
        next += chunk.length;
        const records = await batchGetItems<DecisionItem>(
          this.db,
          this.table,
          chunk.map((pk) => ({ pk })),
        );
        for (const item of records) {
          // Deleted since (TTL), or not decided yet (an execution or feedback came first).
          if (!item?.[hashAttribute('decision')]) continue;
          if (plan.statusKey && item.statusKey !== plan.statusKey) continue;
          items.push(item);
          if (items.length > page.limit) break;
        }
      }
      if (items.length > page.limit) {
        const pageItems = items.slice(0, page.limit);
        const last = pageItems[pageItems.length - 1] as DecisionItem;
        const key = Object.fromEntries(cursorQuery.keyAttributes.map((a) => [a, last[a] as string]));
        return {
          items: pageItems.map(recordedDecision),
          nextCursor: encodeCursor({ index: plan.index, key, fingerprint: cursorQuery.fingerprint }),
        };
      }
      if (!res.LastEvaluatedKey) return { items: items.map(recordedDecision) };
      startKey = res.LastEvaluatedKey as Record<string, string>;
    }
    // Read budget spent: resume where DynamoDB stopped (the page may be short, even empty).
    return {
      items: items.map(recordedDecision),
      nextCursor: encodeCursor({
        index: plan.index,
        key: startKey as Record<string, string>,
        fingerprint: cursorQuery.fingerprint,
      }),
    };
  }
}

/** What a cursor of this query must be: the index's key attributes, the tenant's partition and keys, the bounds. */
function cursorQueryOf(customerId: string, plan: QueryPlan): CursorQuery {
  return {
    index: plan.index,
    keyAttributes: [...new Set([DECISIONS_TABLE.partitionKey, plan.partitionAttr, plan.sortAttr])],
    partition: { attr: plan.partitionAttr, value: plan.partitionValue },
    prefixes: { [DECISIONS_TABLE.partitionKey]: decisionPk(customerId, '') },
    sort: { attr: plan.sortAttr, ...plan.sortBounds },
    fingerprint: queryFingerprint({
      index: plan.index,
      keyCondition: plan.keyCondition,
      filter: plan.filter ?? null,
      statusKey: plan.statusKey ?? null,
      names: plan.names,
      values: plan.values,
      forward: plan.forward,
    }),
  };
}
