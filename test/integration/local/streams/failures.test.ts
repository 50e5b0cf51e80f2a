import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import type { TableNames } from '#adapters/dynamodb-tables';
import {
  DEAD_LETTER_FILE,
  type EventSourceMappingOptions,
  fileDeadLetters,
  memoryCheckpointStore,
  memoryDeadLetters,
  startEventSourceMapping,
} from '#lib/local/streams/index';
import { freshTables } from '../../../support/dynamodb.ts';
import { keyOf, putItems, type RecordVerdict, recordingHandler, sequenceOf } from './stream-fixtures.ts';

describe('event source mapping: retries, bisect, partial failures and the on-failure destination', () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  const endpoint = inject('dynamodbEndpoint');

  beforeAll(async () => {
    ({ client, tables } = await freshTables());
  });
  afterAll(() => client.destroy());

  const start = async (
    options: Partial<EventSourceMappingOptions> & Pick<EventSourceMappingOptions, 'handler'>,
  ) => {
    const mapping = await startEventSourceMapping({
      endpoint,
      tableName: tables.decisions,
      onFailure: memoryDeadLetters().send,
      checkpointStore: memoryCheckpointStore(),
      startingPosition: 'LATEST',
      pollIntervalMs: 20,
      maximumBatchingWindowMs: 300,
      batchSize: 10,
      retryBaseDelayMs: 5,
      ...options,
    });
    onTestFinished(() => mapping.stop());
    return mapping;
  };
  const poison =
    (pk: string, verdict: RecordVerdict) =>
    (record: Parameters<typeof keyOf>[0]): RecordVerdict =>
      keyOf(record) === pk ? verdict : 'ok';

  it('isolates a record the handler throws on, delivers the others once and dead-letters it to the file', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'esm-dlq-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const deadLetters = fileDeadLetters(dataDir);
    const recorder = recordingHandler(poison('bisect-6', 'throw'));
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'bisect',
      onFailure: deadLetters.send,
    });
    const expected = Array.from({ length: 10 }, (_, i) => `bisect-${i}`).filter((pk) => pk !== 'bisect-6');

    // Act
    await putItems(client, tables.decisions, 'bisect-', 10);
    await mapping.drained();

    // Assess
    expect(recorder.delivered.map(keyOf)).toEqual(expected);
    const poisonCalls = recorder.calls.filter((call) => call.some((r) => keyOf(r) === 'bisect-6'));
    expect(poisonCalls.map((call) => call.length).slice(-4)).toEqual([1, 1, 1, 1]);
    const [failed, ...more] = await deadLetters.list();
    expect(more).toEqual([]);
    const poisonRecord = poisonCalls[0]?.find((r) => keyOf(r) === 'bisect-6');
    expect(failed?.DDBStreamBatchInfo).toMatchObject({
      batchSize: 1,
      startSequenceNumber: sequenceOf(poisonRecord ?? {}),
      endSequenceNumber: sequenceOf(poisonRecord ?? {}),
      streamArn: mapping.streamArn,
    });
    expect(failed?.records).toEqual([
      {
        sequenceNumber: sequenceOf(poisonRecord ?? {}),
        eventName: 'INSERT',
        keys: { pk: { S: 'bisect-6' } },
      },
    ]);
    expect(failed?.error).toEqual({ name: 'Error', message: 'poison record' });
    expect(failed?.requestContext.approximateInvokeCount).toBe(poisonCalls.length);
    expect(failed?.responseContext.functionError).toBe('Unhandled');
    const lines = (await readFile(join(dataDir, DEAD_LETTER_FILE), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([failed]);
    expect(mapping.stats()).toMatchObject({ retries: 3, failedBatches: 1, failedRecords: 1 });
  });

  it('keeps reading the shard after a record was dead-lettered', async () => {
    // Prepare
    const deadLetters = memoryDeadLetters();
    const recorder = recordingHandler(poison('after-2', 'throw'));
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'after',
      onFailure: deadLetters.send,
    });
    await putItems(client, tables.decisions, 'after-', 5);
    await mapping.drained();

    // Act
    await putItems(client, tables.decisions, 'later-', 5);
    await mapping.drained();

    // Assess
    expect(recorder.delivered.map(keyOf)).toEqual([
      'after-0',
      'after-1',
      'after-3',
      'after-4',
      ...Array.from({ length: 5 }, (_, i) => `later-${i}`),
    ]);
    expect((await deadLetters.list()).map((f) => f.records.map((r) => r.keys))).toEqual([
      [{ pk: { S: 'after-2' } }],
    ]);
  });

  it('without bisect retries the whole batch, then dead-letters all of it with its sequence-number range', async () => {
    // Prepare
    const deadLetters = memoryDeadLetters();
    const recorder = recordingHandler(poison('whole-3', 'throw'));
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'whole',
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: 2,
      onFailure: deadLetters.send,
    });

    // Act
    await putItems(client, tables.decisions, 'whole-', 6);
    await mapping.drained();

    // Assess
    expect(recorder.calls).toHaveLength(3);
    expect(recorder.calls.map((call) => call.map(keyOf))).toEqual(
      Array(3).fill(recorder.calls[0]?.map(keyOf)),
    );
    expect(recorder.delivered).toEqual([]);
    const [failed] = await deadLetters.list();
    const batch = recorder.calls[0] ?? [];
    expect(failed?.DDBStreamBatchInfo).toMatchObject({
      batchSize: 6,
      startSequenceNumber: sequenceOf(batch[0] ?? {}),
      endSequenceNumber: sequenceOf(batch[5] ?? {}),
    });
    expect(failed?.requestContext.approximateInvokeCount).toBe(3);
  });

  it('checkpoints before the first reported failure and retries from that record', async () => {
    // Prepare: the handler reports record 4 failed the first time only.
    let reported = false;
    const recorder = recordingHandler((record) => {
      if (keyOf(record) !== 'partial-4' || reported) return 'ok';
      reported = true;
      return 'report';
    });
    const mapping = await start({ handler: recorder.handler, functionName: 'partial' });

    // Act
    await putItems(client, tables.decisions, 'partial-', 10);
    await mapping.drained();

    // Assess
    const [first, second] = recorder.calls;
    expect(first?.map(keyOf)).toEqual(Array.from({ length: 10 }, (_, i) => `partial-${i}`));
    expect(second?.map(sequenceOf)).toEqual(first?.slice(4).map(sequenceOf));
    expect(recorder.delivered.map(keyOf)).toEqual(Array.from({ length: 10 }, (_, i) => `partial-${i}`));
    expect(mapping.stats()).toMatchObject({ partialFailures: 1, retries: 1, failedBatches: 0 });
  });

  it('dead-letters only the record that keeps being reported failed, once its retries are used', async () => {
    // Prepare
    const deadLetters = memoryDeadLetters();
    const recorder = recordingHandler(poison('reported-5', 'report'));
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'reported',
      onFailure: deadLetters.send,
    });
    const others = Array.from({ length: 10 }, (_, i) => `reported-${i}`).filter((pk) => pk !== 'reported-5');

    // Act
    await putItems(client, tables.decisions, 'reported-', 10);
    await mapping.drained();

    // Assess
    expect([...new Set(recorder.delivered.map(keyOf))]).toEqual(others);
    const failed = await deadLetters.list();
    expect(failed.map((f) => f.records.map((r) => r.keys))).toEqual([[{ pk: { S: 'reported-5' } }]]);
    expect(failed[0]?.responseContext.functionError).toBe('PartialBatchFailure');
    expect(recorder.delivered.slice(0, 5).map(keyOf)).toEqual(others.slice(0, 5));
  });

  it('treats an itemIdentifier outside the batch as a failure of the whole batch', async () => {
    // Prepare
    let calls = 0;
    const mapping = await start({
      functionName: 'invalid',
      bisectBatchOnFunctionError: false,
      handler: async () => {
        calls += 1;
        return { batchItemFailures: calls === 1 ? [{ itemIdentifier: '1' }] : [] };
      },
    });

    // Act
    await putItems(client, tables.decisions, 'invalid-', 3);
    await mapping.drained();

    // Assess
    expect(calls).toBe(2);
    expect(mapping.stats()).toMatchObject({ retries: 1, recordsSucceeded: 3, partialFailures: 0 });
  });
});
