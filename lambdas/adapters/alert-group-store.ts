import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertEvent } from '#domain/alerts/alert-event';
import type { AlertGroupState, NoticeAction } from '#domain/alerts/alert-group';
import type { AlertGroupStore } from '#domain/alerts/deliver-alert';

/** The alert groups table: `<prefix>-alert-groups`, key `pk` (string), TTL on `expiresAt`. */
export const ALERT_GROUPS_TABLE = {
  suffix: 'alert-groups',
  partitionKey: 'pk',
  ttlAttribute: 'expiresAt',
} as const;

/** Physical name of the alert groups table. */
export const alertGroupsTableName = (prefix: string): string => `${prefix}-${ALERT_GROUPS_TABLE.suffix}`;

/** Options of {@link DynamoAlertGroupStore}. */
export interface AlertGroupStoreOptions {
  /** How long a delivery may hold a group before another may take it over. @default 60000 */
  readonly leaseMs?: number;
  /** Days a group is kept after its last change (DynamoDB TTL). @default 30 */
  readonly retentionDays?: number;
}

type Item = Record<string, unknown> & {
  firing?: Set<string>;
  notified?: 'firing' | 'resolved';
  lastEvent?: string;
};

const isConditionFailure = (e: unknown): boolean =>
  e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException';

/**
 * Alert groups in DynamoDB, one item per receiver and group: the firing alerts as a string
 * set, the version last seen of each alert (attribute `v#<dedup key>`), what the receiver was
 * last told, and a delivery lease. Every change is one conditional UpdateItem.
 */
export class DynamoAlertGroupStore implements AlertGroupStore {
  private readonly leaseMs: number;
  private readonly retentionSeconds: number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: AlertGroupStoreOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retentionSeconds = (options.retentionDays ?? 30) * 86_400;
  }

  async record(key: string, event: AlertEvent, version: number): Promise<AlertGroupState> {
    const firing = event.state === 'firing';
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: `SET #v = :v, lastEvent = :event, expiresAt = :exp ${firing ? 'ADD' : 'DELETE'} firing :m`,
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
          ExpressionAttributeNames: { '#v': `v#${event.dedupKey}` },
          ExpressionAttributeValues: {
            ':v': version,
            ':event': JSON.stringify(event),
            ':exp': this.expiry(),
            ':m': new Set([event.dedupKey]),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toState(out.Attributes as Item);
    } catch (e) {
      if (isConditionFailure(e)) return this.get(key); // a repeat or an older event: no change
      throw e;
    }
  }

  async claim(key: string, claimId: string, action: NoticeAction, nowMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: 'SET claimId = :c, claimUntil = :until',
          ConditionExpression:
            '(attribute_not_exists(claimUntil) OR claimUntil < :now) AND ' +
            (action === 'trigger'
              ? 'attribute_exists(firing) AND (attribute_not_exists(notified) OR notified = :resolved)'
              : 'attribute_not_exists(firing) AND notified = :firing'),
          ExpressionAttributeValues: {
            ':c': claimId,
            ':until': nowMs + this.leaseMs,
            ':now': nowMs,
            ...(action === 'trigger' ? { ':resolved': 'resolved' } : { ':firing': 'firing' }),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async complete(key: string, claimId: string, action: NoticeAction): Promise<AlertGroupState | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression:
            'SET notified = :n, notifiedAt = :at, expiresAt = :exp REMOVE claimId, claimUntil',
          ConditionExpression: 'claimId = :c',
          ExpressionAttributeValues: {
            ':n': action === 'trigger' ? 'firing' : 'resolved',
            ':at': new Date().toISOString(),
            ':exp': this.expiry(),
            ':c': claimId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toState(out.Attributes as Item);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }

  async release(key: string, claimId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: 'REMOVE claimId, claimUntil',
          ConditionExpression: 'claimId = :c',
          ExpressionAttributeValues: { ':c': claimId },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  async get(key: string): Promise<AlertGroupState> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key }, ConsistentRead: true }),
    );
    return toState((out.Item ?? {}) as Item);
  }

  private expiry(): number {
    return Math.floor(Date.now() / 1000) + this.retentionSeconds;
  }
}

function toState(item: Item): AlertGroupState {
  return {
    firing: new Set(item.firing ?? []),
    ...(item.notified ? { notified: item.notified } : {}),
    ...(item.lastEvent ? { lastEvent: JSON.parse(item.lastEvent) as AlertEvent } : {}),
  };
}
