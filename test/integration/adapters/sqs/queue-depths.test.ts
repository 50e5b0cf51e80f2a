import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposition } from '#adapters/metrics-export';
import { deadLetterQueuesFromEnv, queueDepths } from '#adapters/sqs/queue-depths';
import { metricsSourceOf } from '#runtime/metrics-source';
import { freshTables, testRuntime } from '../../../support/dynamodb.ts';
import { type SqsLoopback, startSqsLoopback } from './sqs-loopback.ts';

const queueUrl = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/aiops-${name}`;

describe('dead-letter queue depths over the SQS JSON protocol (loopback)', () => {
  let sqs: SqsLoopback;
  beforeAll(async () => {
    sqs = await startSqsLoopback();
    sqs.depths.set(queueUrl('aggregator'), 0);
    sqs.depths.set(queueUrl('replica'), 3);
  });
  afterAll(async () => {
    await sqs.close();
  });

  it('asks GetQueueAttributes for ApproximateNumberOfMessages of each queue', async () => {
    // Prepare
    sqs.calls.length = 0;
    const queues = new Map([
      ['aggregator-decisions', queueUrl('aggregator')],
      ['replica-decisions', queueUrl('replica')],
    ]);

    // Act
    const depths = await queueDepths(queues, sqs.sdkClient(), { warn: () => undefined });

    // Assess
    expect(Object.fromEntries(depths)).toEqual({ 'aggregator-decisions': 0, 'replica-decisions': 3 });
    expect(sqs.calls.map((c) => c.operation)).toEqual(['GetQueueAttributes', 'GetQueueAttributes']);
    expect(
      sqs.calls.map((c) => c.body).sort((a, b) => String(a.QueueUrl).localeCompare(String(b.QueueUrl))),
    ).toEqual([
      { QueueUrl: queueUrl('aggregator'), AttributeNames: ['ApproximateNumberOfMessages'] },
      { QueueUrl: queueUrl('replica'), AttributeNames: ['ApproximateNumberOfMessages'] },
    ]);
    expect(sqs.calls[0]?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(String(sqs.calls[0]?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d+\/eu-west-1\/sqs\//,
    );
  });

  it('leaves out a queue that cannot be read, and keeps the others', async () => {
    // Act
    const depths = await queueDepths(
      new Map([
        ['replica-decisions', queueUrl('replica')],
        ['gone', queueUrl('deleted')],
      ]),
      sqs.sdkClient(),
      { warn: () => undefined },
    );

    // Assess
    expect(Object.fromEntries(depths)).toEqual({ 'replica-decisions': 3 });
  });

  it('exports one dead-letter sample per queue of DEAD_LETTER_QUEUES', async () => {
    // Prepare: the exporter's DEAD_LETTER_QUEUES as the CDK sets it, SQS at the loopback
    const runtime = await testRuntime(await freshTables());
    const env = {
      DEAD_LETTER_QUEUES: `aggregator-decisions=${queueUrl('aggregator')},replica-decisions=${queueUrl('replica')}`,
    };
    const deadLetters = deadLetterQueuesFromEnv(env, () => sqs.sdkClient(), runtime.observability.logger);

    // Act
    const { body } = await exposition(metricsSourceOf(runtime, deadLetters)).finally(() =>
      runtime.documents.destroy(),
    );

    // Assess
    expect(body).toContain('# TYPE aiops_pipeline_dead_letters gauge');
    expect(body).toContain('aiops_pipeline_dead_letters{queue="aggregator-decisions"} 0');
    expect(body).toContain('aiops_pipeline_dead_letters{queue="replica-decisions"} 3');
  });
});
