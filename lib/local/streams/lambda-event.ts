/**
 * Builds the records of a `DynamoDBStreamEvent` the way Lambda does from what GetRecords returns.
 */
import type {
  AttributeValue as SdkAttributeValue,
  _Record as SdkRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** Where the records come from, as Lambda names it in each record. */
export interface EventSource {
  /** Put into every record's `eventSourceARN`. */
  readonly streamArn: string;
  /** Replaces the record's `awsRegion` (DynamoDB Local says `ddblocal`); kept when absent. */
  readonly awsRegion?: string;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * One attribute value in Lambda's JSON form: the SDK decodes binary values (`B`, `BS`) into
 * bytes, Lambda's event carries them base64-encoded; everything else is unchanged.
 * @example
 * toLambdaAttributeValue({ B: new Uint8Array([1, 2]) }); // { B: 'AQI=' }
 */
export function toLambdaAttributeValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  const { $unknown: _ignored, ...known } = value as SdkAttributeValue & { $unknown?: unknown };
  return known as AttributeValue;
}

/**
 * A key or image map in Lambda's JSON form (see {@link toLambdaAttributeValue}).
 * @example
 * toLambdaImage({ pk: { S: 'a' } }); // { pk: { S: 'a' } }
 */
export function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, toLambdaAttributeValue(value)]),
  );
}

/**
 * One record of the event, as Lambda builds it: `eventSourceARN` added, the creation time in
 * epoch seconds, binary values base64-encoded, absent images left out.
 * @throws Error when the record has no sequence number
 * @example
 * const record = toLambdaRecord(getRecordsOutput.Records[0], { streamArn });
 */
export function toLambdaRecord(record: SdkRecord, source: EventSource): DynamoDBRecord {
  const data = record.dynamodb;
  if (data?.SequenceNumber === undefined) {
    throw new Error('stream record has no dynamodb.SequenceNumber');
  }
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID as string,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: source.awsRegion ?? (record.awsRegion as string),
    dynamodb: {
      ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
      ...(data.Keys === undefined ? {} : { Keys: toLambdaImage(data.Keys) }),
      ...(data.NewImage === undefined ? {} : { NewImage: toLambdaImage(data.NewImage) }),
      ...(data.OldImage === undefined ? {} : { OldImage: toLambdaImage(data.OldImage) }),
      SequenceNumber: data.SequenceNumber,
      ...(data.SizeBytes === undefined ? {} : { SizeBytes: data.SizeBytes }),
      ...(data.StreamViewType === undefined ? {} : { StreamViewType: data.StreamViewType }),
    },
    ...(record.userIdentity === undefined
      ? {}
      : {
          userIdentity: {
            type: record.userIdentity.Type as string,
            principalId: record.userIdentity.PrincipalId as string,
          },
        }),
    eventSourceARN: source.streamArn,
  };
}

/**
 * The event one invocation receives.
 * @example
 * await handler(streamEvent(batch.map((b) => b.record)), context);
 */
export function streamEvent(records: readonly DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: [...records] };
}
