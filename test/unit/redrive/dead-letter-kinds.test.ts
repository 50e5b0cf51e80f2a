import { describe, expect, it } from 'vitest';
import { recordDeadLetter } from '#streams/record-dead-letters';
import {
  describeDeadLetter,
  readDeadLetter,
  streamConsumerOf,
} from '../../../lib/redrive/dead-letter-kinds.ts';

const streamArn =
  'arn:aws:dynamodb:eu-west-1:123456789012:table/aiops-decisions/stream/2026-01-01T00:00:00.000';
const onFailure = {
  requestContext: {
    condition: 'RetryAttemptsExhausted',
    functionArn: 'arn:aws:lambda:eu-west-1:1:function:x',
  },
  DDBStreamBatchInfo: {
    shardId: 'shardId-1',
    startSequenceNumber: '100',
    endSequenceNumber: '140',
    batchSize: 13,
    streamArn,
  },
};

describe('reading a dead-letter message', () => {
  it.each([
    ['replica-decisions', 'replica'],
    ['replica-appliances', 'replica'],
    ['aggregator-decisions', 'aggregator'],
    ['replica-records', 'replica'],
    ['exporter-schedule', undefined],
    ['access-log-metrics', undefined],
  ])('%s is the queue of %s', (queue, consumer) => {
    expect(streamConsumerOf(queue)).toBe(consumer);
  });

  it('reads a record set aside, with its consumer, whatever queue holds it', () => {
    // Prepare
    const letter = recordDeadLetter(
      'aggregator',
      {
        eventName: 'MODIFY',
        eventSourceARN: streamArn,
        dynamodb: { Keys: { pk: { S: 'acme#d1' } }, SequenceNumber: '42' },
      },
      { kind: 'derivation', message: 'decision d1: confidence must be a number' },
    );

    // Act
    const content = readDeadLetter('aggregator-records', JSON.stringify(letter));

    // Assess
    expect(content).toEqual({ kind: 'record', consumer: 'aggregator', letter });
    expect(describeDeadLetter(content)).toBe(
      'aggregator: MODIFY pk=acme#d1 in aiops-decisions (sequence 42), set aside for derivation: decision d1: confidence must be a number',
    );
  });

  it('reads Lambda’s on-failure record as a range of its queue’s consumer', () => {
    // Act
    const content = readDeadLetter('replica-decisions', JSON.stringify(onFailure));

    // Assess
    expect(content).toEqual({
      kind: 'batch',
      consumer: 'replica',
      range: onFailure.DDBStreamBatchInfo,
      condition: 'RetryAttemptsExhausted',
    });
    expect(describeDeadLetter(content)).toBe(
      'replica: 13 record(s) of aiops-decisions, shardId-1 100–140, given up: RetryAttemptsExhausted',
    );
  });

  it.each([
    ['exporter-schedule', JSON.stringify(onFailure), /not the queue of a stream consumer/],
    ['replica-decisions', '{"DDBStreamBatchInfo":{"shardId":"s"}}', /neither a record set aside nor/],
    ['replica-decisions', 'garbage', /not JSON/],
  ])('reads nothing replayable in %s from %s', (queue, body, reason) => {
    // Act
    const content = readDeadLetter(queue, body);

    // Assess
    expect(content.kind).toBe('unknown');
    expect(describeDeadLetter(content)).toMatch(reason);
  });
});
