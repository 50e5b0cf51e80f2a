import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HeartbeatEvent } from '#contract/heartbeat';
import type { WriteOutcome } from '#domain/decision-lifecycle';
import { contentHash } from '#domain/hashing';
import type { ApplianceState, ApplianceStore, Page, PageRequest, PresenceChange } from '#domain/ports';
import { batchGetItems } from './batch-get.ts';
import { type CursorQuery, decodeCursor, encodeCursor, queryFingerprint } from './cursor.ts';
import { APPLIANCE_INDEX, APPLIANCES_TABLE } from './dynamodb-tables.ts';

const LATEST = 'LATEST';
const appliancePk = (customerId: string, applianceId: string) => `${customerId}#${applianceId}`;

/**
 * The appliances table: one `HB#<sentAt>` item per heartbeat (kept for the history,
 * expiring after the retention) and one `LATEST` item per appliance that only moves forward.
 */
export class DynamoApplianceStore implements ApplianceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly heartbeatRetentionDays: number,
  ) {}

  async recordHeartbeat(customerId: string, hb: HeartbeatEvent, receivedAt: Date): Promise<WriteOutcome> {
    const sentAt = new Date(hb.sentAt).toISOString();
    const pk = appliancePk(customerId, hb.applianceId);
    const { schemaVersion: _v, ...state } = { ...hb, sentAt };
    const hash = contentHash(state);
    const outcome = await this.putHeartbeat(pk, sentAt, hash, customerId, state, receivedAt);
    // Moving LATEST forward is idempotent, so a retry after a crash between the two writes heals it.
    if (outcome !== 'conflict') await this.advanceLatest(pk, customerId, state, receivedAt);
    return outcome;
  }

  private async putHeartbeat(
    pk: string,
    sentAt: string,
    hash: string,
    customerId: string,
    state: Omit<HeartbeatEvent, 'schemaVersion'>,
    receivedAt: Date,
  ): Promise<WriteOutcome> {
    const sk = `HB#${sentAt}`;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk,
            sk,
            customerId,
            ...state,
            hash,
            receivedAt: receivedAt.toISOString(),
            expiresAt: Math.floor(receivedAt.getTime() / 1000) + this.heartbeatRetentionDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'accepted';
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const stored =
        e.Item?.hash?.S ??
        (await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true })))
          .Item?.hash;
      return stored === hash ? 'duplicate' : 'conflict';
    }
  }

  private async advanceLatest(
    pk: string,
    customerId: string,
    state: Omit<HeartbeatEvent, 'schemaVersion'>,
    receivedAt: Date,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk: LATEST },
          UpdateExpression:
            'SET tenantKey = :t, customerId = :t, applianceId = :a, lastHeartbeatAt = :s, cpuPercent = :cpu, ' +
            'memoryPercent = :mem, diskPercent = :disk, services = :svc, agentVersion = :ver, receivedAt = :r',
          ConditionExpression: 'attribute_not_exists(lastHeartbeatAt) OR lastHeartbeatAt < :s',
          ExpressionAttributeValues: {
            ':t': customerId,
            ':a': state.applianceId,
            ':s': state.sentAt,
            ':cpu': state.cpuPercent,
            ':mem': state.memoryPercent,
            ':disk': state.diskPercent,
            ':svc': state.services,
            ':ver': state.agentVersion,
            ':r': receivedAt.toISOString(),
          },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * Connection state lives on the `LATEST` item beside the heartbeat state (which never
   * touches it). The condition keeps the newest event by broker time, a disconnect after a
   * connect of the same instant; an older or repeated event is `stale`. Before the first
   * heartbeat the item has no `tenantKey`, so it stays out of the tenant index until then.
   */
  async recordPresence(
    customerId: string,
    applianceId: string,
    change: PresenceChange,
  ): Promise<'applied' | 'stale'> {
    const at = new Date(change.at).toISOString();
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: appliancePk(customerId, applianceId), sk: LATEST },
          UpdateExpression:
            'SET presenceConnected = :c, presenceAt = :at, presenceRank = :r, presenceSession = :s, presenceReason = :why',
          ConditionExpression:
            'attribute_not_exists(presenceAt) OR presenceAt < :at OR (presenceAt = :at AND presenceRank < :r)',
          ExpressionAttributeValues: {
            ':c': change.connected,
            ':at': at,
            ':r': change.rank,
            ':s': change.sessionId ?? null,
            ':why': change.reason ?? null,
          },
        }),
      );
      return 'applied';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'stale';
      throw e;
    }
  }

  /**
   * The `LATEST` items of the tenant index's entries, which hold only keys: a heartbeat moves
   * `LATEST` forward without writing the index, and the items are read here instead.
   */
  private async latestItems(
    entries: Record<string, unknown>[] | undefined,
  ): Promise<Record<string, unknown>[]> {
    const keys = (entries ?? []).map((e) => ({ pk: e.pk as string, sk: e.sk as string }));
    const items = await batchGetItems<Record<string, unknown>>(this.db, this.table, keys);
    return items.filter((i): i is Record<string, unknown> => i !== undefined);
  }

  async allLatest(): Promise<ApplianceState[]> {
    const out: ApplianceState[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // The tenant index holds only LATEST items (heartbeat items carry no tenantKey), keys only.
      const res = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          IndexName: APPLIANCE_INDEX.byTenant,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(await this.latestItems(res.Items)).map(toState));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async list(customerId: string, page: PageRequest): Promise<Page<ApplianceState>> {
    const cursorQuery = tenantListCursor(customerId);
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: APPLIANCE_INDEX.byTenant,
        KeyConditionExpression: 'tenantKey = :t',
        ExpressionAttributeValues: { ':t': customerId },
        Limit: page.limit,
        ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, cursorQuery) : undefined,
      }),
    );
    const items = (await this.latestItems(res.Items)).map(toState);
    const last = res.LastEvaluatedKey as Record<string, string> | undefined;
    return last
      ? {
          items,
          nextCursor: encodeCursor({
            index: APPLIANCE_INDEX.byTenant,
            key: last,
            fingerprint: cursorQuery.fingerprint,
          }),
        }
      : { items };
  }
}

/** What a cursor of a tenant's appliance list must be (the index holds only LATEST items). */
function tenantListCursor(customerId: string): CursorQuery {
  const index = APPLIANCES_TABLE.indexes.find((i) => i.name === APPLIANCE_INDEX.byTenant);
  if (!index) throw new Error(`no index ${APPLIANCE_INDEX.byTenant} on the appliances table`);
  return {
    index: index.name,
    keyAttributes: [
      APPLIANCES_TABLE.partitionKey,
      APPLIANCES_TABLE.sortKey as string,
      index.partitionKey,
      index.sortKey,
    ],
    partition: { attr: index.partitionKey, value: customerId },
    prefixes: { [APPLIANCES_TABLE.partitionKey]: appliancePk(customerId, '') },
    sort: { attr: index.sortKey },
    fingerprint: queryFingerprint({ table: APPLIANCES_TABLE.name, index: index.name, tenant: customerId }),
  };
}

function toState(i: Record<string, unknown>): ApplianceState {
  return {
    customerId: i.customerId as string,
    applianceId: i.applianceId as string,
    lastHeartbeatAt: i.lastHeartbeatAt as string,
    cpuPercent: i.cpuPercent as number,
    memoryPercent: i.memoryPercent as number,
    diskPercent: i.diskPercent as number,
    services: i.services as ApplianceState['services'],
    agentVersion: i.agentVersion as string,
    ...(typeof i.receivedAt === 'string' ? { receivedAt: i.receivedAt } : {}),
    ...(typeof i.presenceAt === 'string'
      ? { presence: { connected: i.presenceConnected === true, at: i.presenceAt } }
      : {}),
  };
}
