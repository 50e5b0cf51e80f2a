import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SectionWrite, WriteOutcome } from '#domain/decision-events';
import { type DecisionItem, decisionPk, hashAttribute } from '#domain/decision-item';
import type { DecisionFilter, DecisionStore, Page, PageRequest } from '#domain/ports';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { planDecisionQuery } from './decision-query.ts';
import { writeSection } from './decision-write.ts';

/** Pages read per list call at most, so a sparse filter cannot make one request slow. */
const MAX_PAGES_PER_CALL = 5;

/** The decisions table behind the DecisionStore port. */
export class DynamoDecisionStore implements DecisionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  write(write: SectionWrite): Promise<WriteOutcome> {
    return writeSection(this.db, this.table, write);
  }

  async get(customerId: string, decisionId: string): Promise<DecisionItem | undefined> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: decisionPk(customerId, decisionId) } }),
    );
    return res.Item as DecisionItem | undefined;
  }

  async list(customerId: string, filter: DecisionFilter, page: PageRequest): Promise<Page<DecisionItem>> {
    const plan = planDecisionQuery(customerId, filter);
    let startKey = page.cursor
      ? decodeCursor(page.cursor, plan.index, plan.partitionAttr, plan.partitionValue)
      : undefined;
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
          Limit: plan.filter ? Math.max(page.limit * 4, 50) : page.limit + 1,
        }),
      );
      for (const raw of res.Items ?? []) {
        const item = raw as DecisionItem;
        if (!item[hashAttribute('decision')]) continue;
        items.push(item);
        if (items.length > page.limit) break;
      }
      if (items.length > page.limit) {
        const pageItems = items.slice(0, page.limit);
        return {
          items: pageItems,
          nextCursor: this.cursorAfter(plan, pageItems[pageItems.length - 1] as DecisionItem),
        };
      }
      if (!res.LastEvaluatedKey) return { items };
      startKey = res.LastEvaluatedKey as Record<string, string>;
    }
    // Read budget spent: resume where DynamoDB stopped (the page may be short, even empty).
    return {
      items,
      nextCursor: encodeCursor({ index: plan.index, key: startKey as Record<string, string> }),
    };
  }

  private cursorAfter(
    plan: { index: string; partitionAttr: string; sortAttr: string },
    item: DecisionItem,
  ): string {
    return encodeCursor({
      index: plan.index,
      key: {
        pk: item.pk,
        [plan.partitionAttr]: item[plan.partitionAttr] as string,
        [plan.sortAttr]: item[plan.sortAttr] as string,
      },
    });
  }
}
