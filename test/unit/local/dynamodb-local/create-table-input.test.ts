import { describe, expect, it } from 'vitest';
import { APPLIANCES_TABLE, DECISIONS_TABLE, KEYS_TABLE, TABLES } from '#adapters/dynamodb-tables';
import { createTableInput } from '#lib/local/dynamodb-local/create-tables';

describe('createTableInput', () => {
  it('names the table <prefix>-<name> and bills on demand', () => {
    // Prepare
    const prefix = 'dev';

    // Act
    const input = createTableInput(KEYS_TABLE, prefix);

    // Assess
    expect(input.TableName).toBe('dev-keys');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.ProvisionedThroughput).toBeUndefined();
  });

  it('keys a table with a partition key only by HASH', () => {
    // Prepare
    const def = DECISIONS_TABLE;

    // Act
    const input = createTableInput(def, 'p');

    // Assess
    expect(input.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('keys a table with a sort key by HASH then RANGE', () => {
    // Prepare
    const def = APPLIANCES_TABLE;

    // Act
    const input = createTableInput(def, 'p');

    // Assess
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it.each(TABLES)('defines every key attribute of $name and its indexes once, as a string', (def) => {
    // Prepare
    const expected = new Set([
      def.partitionKey,
      ...(def.sortKey ? [def.sortKey] : []),
      ...def.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]);

    // Act
    const input = createTableInput(def, 'p');

    // Assess
    const names = input.AttributeDefinitions?.map((a) => a.AttributeName) ?? [];
    expect(new Set(names)).toEqual(expected);
    expect(names).toHaveLength(expected.size);
    expect(input.AttributeDefinitions?.every((a) => a.AttributeType === 'S')).toBe(true);
  });

  it('turns each index into a GSI projecting what its definition names', () => {
    // Prepare
    const def = DECISIONS_TABLE;

    // Act
    const input = createTableInput(def, 'p');
    const appliances = createTableInput(APPLIANCES_TABLE, 'p');

    // Assess
    expect(input.GlobalSecondaryIndexes).toHaveLength(def.indexes.length);
    expect(input.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === 'byConfidence')).toEqual({
      IndexName: 'byConfidence',
      KeySchema: [
        { AttributeName: 'tenantKey', KeyType: 'HASH' },
        { AttributeName: 'confidenceKey', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['confidence', 'occurredAt'] },
    });
    expect(
      input.GlobalSecondaryIndexes?.every(
        (gsi) =>
          gsi.Projection?.ProjectionType === 'INCLUDE' && gsi.Projection.NonKeyAttributes?.length === 2,
      ),
    ).toBe(true);
    expect(appliances.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
    expect(createTableInput(KEYS_TABLE, 'p').GlobalSecondaryIndexes?.[0]?.Projection).toEqual({
      ProjectionType: 'ALL',
    });
  });

  it('enables a NEW_AND_OLD_IMAGES stream only where the definition asks for one', () => {
    // Prepare
    const streamed = [DECISIONS_TABLE, APPLIANCES_TABLE];

    // Act
    const withStream = streamed.map((def) => createTableInput(def, 'p'));
    const withoutStream = createTableInput(KEYS_TABLE, 'p');

    // Assess
    for (const input of withStream) {
      expect(input.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
    }
    expect(withoutStream.StreamSpecification).toBeUndefined();
  });

  it('leaves out GlobalSecondaryIndexes for a table without indexes', () => {
    // Prepare
    const def = { ...KEYS_TABLE, indexes: [] };

    // Act
    const input = createTableInput(def, 'p');

    // Assess
    expect(input).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(input.AttributeDefinitions).toEqual([{ AttributeName: 'keyId', AttributeType: 'S' }]);
  });
});
