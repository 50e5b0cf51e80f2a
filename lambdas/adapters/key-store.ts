import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, KeyStore } from '#domain/ports';
import { KEY_INDEX } from './dynamodb-tables.ts';

/** The keys table: one item per key id, holding only the secret's hash. */
export class DynamoKeyStore implements KeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(record: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...record },
        ConditionExpression: 'attribute_not_exists(keyId)',
      }),
    );
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const res = await this.db.send(new GetCommand({ TableName: this.table, Key: { keyId } }));
    return res.Item as ApiKeyRecord | undefined;
  }

  async list(customerId?: string): Promise<ApiKeyRecord[]> {
    const out: ApiKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = customerId
        ? await this.db.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: KEY_INDEX.byTenant,
              KeyConditionExpression: 'customerId = :c',
              ExpressionAttributeValues: { ':c': customerId },
              ExclusiveStartKey: start,
            }),
          )
        : await this.db.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey: start }));
      out.push(...((res.Items ?? []) as ApiKeyRecord[]));
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revoke(keyId: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { keyId },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(keyId)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
