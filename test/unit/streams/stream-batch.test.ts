import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mapStreamRecords } from '#streams/stream-batch';

const record = (seq: string): DynamoDBRecord => ({
  eventID: seq,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: seq, Keys: { pk: { S: seq } }, NewImage: { pk: { S: seq } } },
});
const event = (seqs: string[]): DynamoDBStreamEvent => ({ Records: seqs.map(record) });
const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber;

describe('mapStreamRecords', () => {
  it('maps the records after one that cannot be mapped, and refuses that one with the reason', () => {
    // Act
    const { mapped, refused } = mapStreamRecords(event(['1', '2', '3', '4']), (r) => {
      if (seqOf(r) === '3') throw new Error('decision d3: confidence must be a number');
      return Number(seqOf(r));
    });

    // Assess
    expect(mapped.map((m) => [seqOf(m.record), m.value])).toEqual([
      ['1', 1],
      ['2', 2],
      ['4', 4],
    ]);
    expect(refused.map((r) => [seqOf(r.record), r.failure])).toEqual([
      ['3', { kind: 'derivation', message: 'decision d3: confidence must be a number' }],
    ]);
  });

  it('refuses every record when none can be mapped, without throwing', () => {
    // Act
    const { mapped, refused } = mapStreamRecords(event(['1', '2']), () => {
      throw 'not an Error';
    });

    // Assess
    expect(mapped).toEqual([]);
    expect(refused.map((r) => [seqOf(r.record), r.failure.message])).toEqual([
      ['1', 'not an Error'],
      ['2', 'not an Error'],
    ]);
  });
});
