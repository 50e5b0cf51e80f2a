import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { UNMARSHALL_OPTIONS } from '#adapters/dynamodb-client';

/** The item before and after one change, as plain objects (absent on INSERT / REMOVE). */
export interface StreamImages<T> {
  readonly sequenceNumber: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly oldImage?: T;
  readonly newImage?: T;
}

/**
 * Unmarshalls a DynamoDB stream record (NEW_AND_OLD_IMAGES), numbers as the document client
 * reads them (an integer beyond 2^53 as a number, not a BigInt).
 * @throws Error when the record has no sequence number or an unknown event name
 * @example const { oldImage, newImage } = streamImages<DecisionItem>(record);
 */
export function streamImages<T>(record: DynamoDBRecord): StreamImages<T> {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  const eventName = record.eventName;
  if (!sequenceNumber) throw new Error('stream record without a sequence number');
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') {
    throw new Error(`stream record with event name ${String(eventName)}`);
  }
  const image = (raw: unknown) =>
    raw ? (unmarshall(raw as Record<string, AttributeValue>, UNMARSHALL_OPTIONS) as T) : undefined;
  const oldImage = image(record.dynamodb?.OldImage);
  const newImage = image(record.dynamodb?.NewImage);
  return {
    sequenceNumber,
    eventName,
    ...(oldImage ? { oldImage } : {}),
    ...(newImage ? { newImage } : {}),
  };
}
