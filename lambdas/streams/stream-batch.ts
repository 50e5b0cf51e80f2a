import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { derivationFailure, type RecordFailure } from './record-failure.ts';

/** A record and what it became. */
export interface MappedRecord<T> {
  readonly record: DynamoDBRecord;
  readonly value: T;
}

/** A record that could not be mapped, and why. */
export interface RefusedRecord {
  readonly record: DynamoDBRecord;
  readonly failure: RecordFailure;
}

/** A stream batch split into what its records became and the records that could not be mapped. */
export interface MappedBatch<T> {
  /** In stream order. */
  readonly mapped: MappedRecord<T>[];
  /** In stream order. */
  readonly refused: RefusedRecord[];
}

/**
 * Maps every record of a DynamoDB stream batch, in order. Mapping is pure (the images in, a
 * row or increments out), so a record whose mapping throws would throw on every delivery: it
 * is refused with a derivation failure and the records after it are still mapped.
 * @example const { mapped, refused } = mapStreamRecords(event, (r) => streamImages(r));
 */
export function mapStreamRecords<T>(
  event: DynamoDBStreamEvent,
  map: (record: DynamoDBRecord) => T,
): MappedBatch<T> {
  const mapped: MappedRecord<T>[] = [];
  const refused: RefusedRecord[] = [];
  for (const record of event.Records) {
    try {
      mapped.push({ record, value: map(record) });
    } catch (error) {
      refused.push({ record, failure: derivationFailure(error) });
    }
  }
  return { mapped, refused };
}
