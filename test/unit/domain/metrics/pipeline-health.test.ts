import { describe, expect, it } from 'vitest';
import {
  deadLetterSamples,
  parseDeadLetterQueues,
  recordQueueName,
  streamQueueName,
} from '#domain/metrics/dead-letters';
import { lastProcessed, pipelineLag } from '#domain/metrics/pipeline-lag';

const rec = (seq: string, created?: number) => ({
  dynamodb: {
    SequenceNumber: seq,
    ...(created === undefined ? {} : { ApproximateCreationDateTime: created }),
  },
});

describe('pipelineLag', () => {
  it('is the age of the last record when it was processed, in seconds', () => {
    // Prepare
    const records = [rec('1', 1_000), rec('2', 1_010), rec('3', 1_020)];

    // Act
    const lag = pipelineLag('aggregator', records, [], 1_025_500);

    // Assess
    expect(lag).toEqual({
      key: 'aiops_pipeline_lag_seconds{consumer="aggregator"}',
      seconds: 5.5,
      atMs: 1_025_500,
    });
  });

  it('measures on the record before the first failure (Lambda retries from there)', () => {
    // Prepare
    const records = [rec('1', 1_000), rec('2', 1_010), rec('3', 1_020), rec('4', 1_030)];

    // Act
    const last = lastProcessed(records, ['3']);
    const lag = pipelineLag('replica', records, ['3'], 1_040_000);

    // Assess
    expect(last?.dynamodb.SequenceNumber).toBe('2');
    expect(lag?.seconds).toBe(30);
  });

  it('reads nothing when the first record failed or carries no creation time, and never a negative age', () => {
    // Assess
    expect(pipelineLag('aggregator', [rec('1', 1_000)], ['1'], 2_000_000)).toBeUndefined();
    expect(pipelineLag('aggregator', [rec('1')], [], 2_000_000)).toBeUndefined();
    expect(pipelineLag('aggregator', [], [], 2_000_000)).toBeUndefined();
    // Creation times are whole seconds: a record can look a little younger than "now".
    expect(pipelineLag('aggregator', [rec('1', 2_001)], [], 2_000_000)?.seconds).toBe(0);
  });
});

describe('dead-letter queues', () => {
  it('names stream queues consumer-source in lower case', () => {
    // Assess
    expect(streamQueueName('replica', 'Appliances')).toBe('replica-appliances');
    expect(() => streamQueueName('replica', 'Bad Source')).toThrow(/is not/);
  });

  it('names the record queue of a consumer consumer-records', () => {
    // Assess
    expect(recordQueueName('replica')).toBe('replica-records');
    expect(recordQueueName('aggregator')).toBe('aggregator-records');
  });

  it('reads DEAD_LETTER_QUEUES pairs', () => {
    // Act
    const queues = parseDeadLetterQueues(
      'aggregator-decisions=https://sqs.eu-west-1.amazonaws.com/123456789012/a, exporter-schedule=https://sqs.eu-west-1.amazonaws.com/123456789012/b',
    );

    // Assess
    expect([...queues]).toEqual([
      ['aggregator-decisions', 'https://sqs.eu-west-1.amazonaws.com/123456789012/a'],
      ['exporter-schedule', 'https://sqs.eu-west-1.amazonaws.com/123456789012/b'],
    ]);
    expect(parseDeadLetterQueues(undefined).size).toBe(0);
    expect(parseDeadLetterQueues('').size).toBe(0);
  });

  it.each([
    ['no =', 'https://sqs/x', /name=queueUrl/],
    ['a bad name', 'Agg=https://sqs.x/1/q', /name must match/],
    ['a bad URL', 'a=ftp://x/y', /http\(s\) URL/],
    ['a name twice', 'a=https://h/1/q,a=https://h/1/r', /given twice/],
  ])('refuses %s, naming the entry', (_what, text, error) => {
    // Act
    const act = () => parseDeadLetterQueues(text);

    // Assess
    expect(act).toThrow(error);
    expect(act).toThrow(/DEAD_LETTER_QUEUES/);
  });

  it('gives one gauge sample per queue, in name order', () => {
    // Act
    const samples = deadLetterSamples(
      new Map([
        ['replica-decisions', 2],
        ['exporter-schedule', 0],
      ]),
      42,
    );

    // Assess
    expect(samples).toEqual([
      {
        name: 'aiops_pipeline_dead_letters',
        labels: { queue: 'exporter-schedule' },
        value: 0,
        timestampMs: 42,
      },
      {
        name: 'aiops_pipeline_dead_letters',
        labels: { queue: 'replica-decisions' },
        value: 2,
        timestampMs: 42,
      },
    ]);
  });
});
