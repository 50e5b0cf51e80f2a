import type { AttributeValue, _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

type Image = Record<string, AttributeValue>;

/**
 * DynamoDB Local 3.3.1 writes an empty map as `{}` in stream images (the table itself keeps
 * `{"M":{}}`, and DynamoDB's own streams send `{"M":{}}`): an attribute value with no type at
 * all, which `unmarshall` refuses ("No value defined"). Only an empty map comes out so (an
 * empty list stays `{"L":[]}`), so every typeless value is given back as the empty map it was,
 * at any depth. Real DynamoDB never sends one, so this changes nothing there.
 * @example repairEmptyMaps({ e: {} } as never) // { e: { M: {} } }
 */
export function repairEmptyMaps(image: Image): Image {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairValue(value)]));
}

function repairValue(value: AttributeValue): AttributeValue {
  const types = Object.keys(value).filter(
    (k) => (value as unknown as Record<string, unknown>)[k] !== undefined,
  );
  if (types.length === 0) return { M: {} };
  if (value.M !== undefined) return { M: repairEmptyMaps(value.M) };
  if (value.L !== undefined) return { L: value.L.map(repairValue) };
  return value;
}

/**
 * The stream record with its keys and images repaired by {@link repairEmptyMaps}.
 * @example const records = (output.Records ?? []).map(repairRecordImages);
 */
export function repairRecordImages(record: StreamRecord): StreamRecord {
  const change = record.dynamodb;
  if (!change) return record;
  return {
    ...record,
    dynamodb: {
      ...change,
      ...(change.Keys ? { Keys: repairEmptyMaps(change.Keys) } : {}),
      ...(change.NewImage ? { NewImage: repairEmptyMaps(change.NewImage) } : {}),
      ...(change.OldImage ? { OldImage: repairEmptyMaps(change.OldImage) } : {}),
    },
  };
}
