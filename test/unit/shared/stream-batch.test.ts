import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mapStreamBatch } from '#shared/stream-batch';
import { lambdaContext } from '../../../lib/local/gateway/lambda-context.ts';

const record = (seq: string): DynamoDBRecord => ({
  eventID: seq,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: seq, Keys: { pk: { S: seq } }, NewImage: { pk: { S: seq } } },
});
const event = (seqs: string[]): DynamoDBStreamEvent => ({ Records: seqs.map(record) });
const context = lambdaContext('test') as Context;

describe('mapStreamBatch', () => {
  it('hands on the records before the first failure and reports the failure', async () => {
    const { response, ready, failed } = await mapStreamBatch(event(['1', '2', '3', '4']), context, (r) => {
      if (r.dynamodb?.SequenceNumber === '3') throw new Error('unreadable');
      return Number(r.dynamodb?.SequenceNumber);
    });
    expect(ready).toEqual([1, 2]);
    expect(failed).toEqual(['3']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '3' }]);
  });

  it('keeps concurrent batches apart', async () => {
    const slow = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber;
    const [a, b] = await Promise.all([
      mapStreamBatch(event(['1', '2', '3']), context, slow),
      mapStreamBatch(event(['7', '8']), context, (r) => {
        if (r.dynamodb?.SequenceNumber === '8') throw new Error('bad');
        return r.dynamodb?.SequenceNumber;
      }),
    ]);
    expect(a.ready).toEqual(['1', '2', '3']);
    expect(a.failed).toEqual([]);
    expect(b.ready).toEqual(['7']);
    expect(b.failed).toEqual(['8']);
  });

  it('answers every record failed when none can be read, without throwing', async () => {
    const { ready, failed } = await mapStreamBatch(event(['1', '2']), context, () => {
      throw new Error('bad');
    });
    expect(ready).toEqual([]);
    expect(failed).toEqual(['1', '2']);
  });
});
