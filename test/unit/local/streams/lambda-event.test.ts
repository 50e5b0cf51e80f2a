import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { streamEvent, toLambdaAttributeValue, toLambdaRecord } from '#lib/local/streams/lambda-event';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/t-decisions/stream/2026-11-21T10:00:00.000';

/** A record as the SDK's GetRecords returns it from DynamoDB Local. */
const sdkRecord = (overrides: Partial<_Record> = {}): _Record => ({
  eventID: 'e1',
  eventName: 'MODIFY',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: new Date('2026-11-21T10:15:42.789Z'),
    Keys: { pk: { S: 'a' } },
    NewImage: { pk: { S: 'a' }, v: { N: '2' } },
    OldImage: { pk: { S: 'a' }, v: { N: '1' } },
    SequenceNumber: '000000000000000000007',
    SizeBytes: 15,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
  ...overrides,
});

describe('toLambdaRecord', () => {
  it('builds the record Lambda delivers: creation time in epoch seconds, the stream ARN added', () => {
    // Act
    const record = toLambdaRecord(sdkRecord(), { streamArn });

    // Assess
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: Date.parse('2026-11-21T10:15:42Z') / 1000,
        Keys: { pk: { S: 'a' } },
        NewImage: { pk: { S: 'a' }, v: { N: '2' } },
        OldImage: { pk: { S: 'a' }, v: { N: '1' } },
        SequenceNumber: '000000000000000000007',
        SizeBytes: 15,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    });
  });

  it('leaves out the image a change does not have and replaces the region when asked', () => {
    // Prepare
    const insert = sdkRecord({ eventName: 'INSERT' });
    delete insert.dynamodb?.OldImage;

    // Act
    const record = toLambdaRecord(insert, { streamArn, awsRegion: 'eu-west-1' });

    // Assess
    expect(record.dynamodb).not.toHaveProperty('OldImage');
    expect(record.awsRegion).toBe('eu-west-1');
  });

  it('keeps the TTL service identity of a removal', () => {
    // Prepare
    const ttl = sdkRecord({
      eventName: 'REMOVE',
      userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
    });

    // Act
    const record = toLambdaRecord(ttl, { streamArn });

    // Assess
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });

  it('survives a JSON round trip unchanged, as an event Lambda serialises would', () => {
    // Act
    const record = toLambdaRecord(sdkRecord(), { streamArn });

    // Assess
    expect(JSON.parse(JSON.stringify(streamEvent([record])))).toEqual({ Records: [record] });
  });

  it('refuses a record without a sequence number', () => {
    // Prepare
    const broken = sdkRecord();
    delete broken.dynamodb?.SequenceNumber;

    // Act / Assess
    expect(() => toLambdaRecord(broken, { streamArn })).toThrow(/SequenceNumber/);
  });
});

describe('toLambdaAttributeValue', () => {
  it('base64-encodes binary values at any depth, as in Lambda JSON events', () => {
    // Prepare
    const bytes = new Uint8Array([0, 255, 16]);

    // Act
    const value = toLambdaAttributeValue({
      M: { b: { B: bytes }, l: { L: [{ BS: [bytes] }, { S: 'x' }] }, n: { NULL: true } },
    });

    // Assess
    expect(value).toEqual({
      M: { b: { B: 'AP8Q' }, l: { L: [{ BS: ['AP8Q'] }, { S: 'x' }] }, n: { NULL: true } },
    });
  });
});
