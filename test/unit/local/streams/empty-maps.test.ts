import type { AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { repairEmptyMaps, repairRecordImages } from '#lib/local/streams/empty-maps';

describe('repairEmptyMaps', () => {
  it('gives a typeless value back as the empty map it was, at any depth, and leaves the rest as is', () => {
    // Prepare: the shape DynamoDB Local 3.3.1 streams an item with empty maps in
    const streamed = {
      pk: { S: 'a' },
      e: {},
      l: { L: [] },
      nm: { M: { inner: {} } },
      nl: { L: [{}, { L: [] }, { N: '1' }] },
    } as unknown as Record<string, AttributeValue>;

    // Act
    const repaired = repairEmptyMaps(streamed);

    // Assess
    expect(repaired).toEqual({
      pk: { S: 'a' },
      e: { M: {} },
      l: { L: [] },
      nm: { M: { inner: { M: {} } } },
      nl: { L: [{ M: {} }, { L: [] }, { N: '1' }] },
    });
    expect(() => unmarshall(streamed as never)).toThrow(/No value defined/);
    expect(unmarshall(repaired as never)).toEqual({
      pk: 'a',
      e: {},
      l: [],
      nm: { inner: {} },
      nl: [{}, [], 1],
    });
  });

  it('repairs the keys and both images of a record, and a record without images stays as it was', () => {
    // Prepare
    const record = {
      eventName: 'MODIFY' as const,
      dynamodb: {
        Keys: { pk: { S: 'a' } },
        OldImage: { pk: { S: 'a' }, p: {} } as unknown as Record<string, AttributeValue>,
        NewImage: { pk: { S: 'a' }, p: { M: { x: {} } } } as unknown as Record<string, AttributeValue>,
        SequenceNumber: '1',
      },
    };

    // Act
    const repaired = repairRecordImages(record);

    // Assess
    expect(repaired.dynamodb?.OldImage).toEqual({ pk: { S: 'a' }, p: { M: {} } });
    expect(repaired.dynamodb?.NewImage).toEqual({ pk: { S: 'a' }, p: { M: { x: { M: {} } } } });
    expect(repaired.dynamodb?.SequenceNumber).toBe('1');
    expect(repairRecordImages({ eventName: 'REMOVE' })).toEqual({ eventName: 'REMOVE' });
  });
});
