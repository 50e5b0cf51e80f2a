import { describe, expect, it } from 'vitest';
import { memoryCheckpointStore } from '#lib/local/streams/checkpoint-store';
import { type EventSourceMappingOptions, resolveMappingOptions } from '#lib/local/streams/options';

const valid: EventSourceMappingOptions = {
  endpoint: 'http://127.0.0.1:8000',
  tableName: 'aiops-local-decisions',
  handler: async () => undefined,
  onFailure: async () => undefined,
  checkpointStore: memoryCheckpointStore(),
};

describe('resolveMappingOptions', () => {
  it("applies the documented defaults (Lambda's, with bisect and partial failures on)", () => {
    // Act
    const resolved = resolveMappingOptions(valid);

    // Assess
    expect(resolved).toMatchObject({
      functionName: 'stream-consumer',
      batchSize: 100,
      maximumBatchingWindowMs: 500,
      maximumRetryAttempts: 3,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: true,
      startingPosition: 'TRIM_HORIZON',
      pollIntervalMs: 250,
    });
  });

  it.each([
    [{ batchSize: 0 }, 'batchSize'],
    [{ batchSize: 10_001 }, 'batchSize'],
    [{ batchSize: 1.5 }, 'batchSize'],
    [{ maximumBatchingWindowMs: -1 }, 'maximumBatchingWindowMs'],
    [{ maximumRetryAttempts: -2 }, 'maximumRetryAttempts'],
    [{ pollIntervalMs: 0 }, 'pollIntervalMs'],
    [{ endpoint: 'localhost:8000' }, 'endpoint'],
    [{ tableName: undefined }, 'streamArn or tableName'],
    [{ streamArn: 'arn:aws:sqs:us-east-1:1:queue' }, 'streamArn'],
    [{ startingPosition: 'AT_TIMESTAMP' }, 'startingPosition'],
    [{ handler: 'replica' }, 'handler'],
  ])('refuses %o, naming %s', (override, field) => {
    // Act / Assess
    expect(() => resolveMappingOptions({ ...valid, ...override } as EventSourceMappingOptions)).toThrow(
      field,
    );
  });

  it('accepts a stream ARN of DynamoDB Local and -1 retries (until the record expires)', () => {
    // Prepare
    const streamArn =
      'arn:aws:dynamodb:ddblocal:000000000000:table/t-decisions/stream/2026-11-21T16:23:05.035';

    // Act
    const resolved = resolveMappingOptions({ ...valid, streamArn, maximumRetryAttempts: -1 });

    // Assess
    expect(resolved.streamArn).toBe(streamArn);
    expect(resolved.maximumRetryAttempts).toBe(-1);
  });
});
