import { DescribeTableCommand, type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import type { TableNames } from '#adapters/dynamodb-tables';
import {
  compareSequenceNumbers,
  type EventSourceMappingOptions,
  memoryCheckpointStore,
  memoryDeadLetters,
  startEventSourceMapping,
} from '#lib/local/streams/index';
import { localStreamsClient } from '#lib/local/streams/stream-api';
import { freshTables } from '../../../support/dynamodb.ts';
import { insertModifyRemove, keyOf, putItems, recordingHandler, sequenceOf } from './stream-fixtures.ts';

describe('event source mapping: delivery from the DynamoDB Local stream', () => {
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
      pollIntervalMs: 20,
      maximumBatchingWindowMs: 0,
      ...options,
    });
    onTestFinished(() => mapping.stop());
    return mapping;
  };

  it('delivers every write once, in order per key, with the images and event names of each change', async () => {
    // Prepare
    const recorder = recordingHandler();
    const mapping = await start({ handler: recorder.handler, functionName: 'order' });
    const keys = ['order-a', 'order-b', 'order-c'];

    // Act
    await Promise.all(keys.map((pk) => insertModifyRemove(client, tables.decisions, pk)));
    await mapping.drained();

    // Assess
    const ours = recorder.delivered.filter((record) => keys.includes(keyOf(record)));
    expect(new Set(ours.map(sequenceOf)).size).toBe(ours.length);
    for (const pk of keys) {
      const changes = ours.filter((record) => keyOf(record) === pk);
      expect(changes.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      const [insert, modify, remove] = changes;
      expect(insert?.dynamodb?.OldImage).toBeUndefined();
      expect(insert?.dynamodb?.NewImage).toEqual({ pk: { S: pk }, v: { N: '1' } });
      expect(modify?.dynamodb?.OldImage).toEqual({ pk: { S: pk }, v: { N: '1' } });
      expect(modify?.dynamodb?.NewImage).toEqual({ pk: { S: pk }, v: { N: '2' } });
      expect(remove?.dynamodb?.OldImage).toEqual({ pk: { S: pk }, v: { N: '2' } });
      expect(remove?.dynamodb?.NewImage).toBeUndefined();
    }
    const sequence = ours.map(sequenceOf);
    expect(sequence).toEqual([...sequence].sort(compareSequenceNumbers));
  });

  it('builds each record as Lambda does', async () => {
    // Prepare
    const recorder = recordingHandler();
    const mapping = await start({ handler: recorder.handler, functionName: 'shape', awsRegion: 'eu-west-1' });
    const before = Math.floor(Date.now() / 1000);

    // Act
    await insertModifyRemove(client, tables.decisions, 'shape-1');
    await mapping.drained();

    // Assess
    const record = recorder.delivered.find((r) => keyOf(r) === 'shape-1' && r.eventName === 'MODIFY');
    expect(record).toMatchObject({
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: mapping.streamArn,
      dynamodb: { Keys: { pk: { S: 'shape-1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(record?.eventID).toMatch(/\S+/);
    expect(record?.dynamodb?.SizeBytes).toBeGreaterThan(0);
    // DynamoDB Local truncates the creation time to the minute; the service to the second.
    expect(Number.isInteger(record?.dynamodb?.ApproximateCreationDateTime)).toBe(true);
    expect(record?.dynamodb?.ApproximateCreationDateTime).toBeGreaterThan(before - 61);
    expect(record?.dynamodb?.ApproximateCreationDateTime).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('never puts more than batchSize records in a call and fills batches without waiting for the window', async () => {
    // Prepare
    const recorder = recordingHandler();
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'size',
      startingPosition: 'LATEST',
      batchSize: 5,
      maximumBatchingWindowMs: 60_000,
    });
    const started = Date.now();

    // Act: 23 records make four full batches at once; the last 3 wait for the window.
    await putItems(client, tables.decisions, 'size-', 23);
    while (recorder.delivered.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assess
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(recorder.calls.map((call) => call.length)).toEqual([5, 5, 5, 5]);
    expect(recorder.delivered.map(keyOf)).toEqual(Array.from({ length: 20 }, (_, i) => `size-${i}`));
    expect(mapping.stats().invocations).toBe(4);
  });

  it('gathers records written within the batching window into one call', async () => {
    // Prepare
    const recorder = recordingHandler();
    const window = 1_500;
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'window',
      startingPosition: 'LATEST',
      maximumBatchingWindowMs: window,
    });

    // Act
    const firstWrite = Date.now();
    for (let i = 0; i < 4; i += 1) {
      await putItems(client, tables.decisions, `window-${i}-`, 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await mapping.drained();

    // Assess
    const calls = recorder.calls.filter((call) => call.some((r) => keyOf(r).startsWith('window-')));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(4);
    const invokedAt = recorder.receivedAt.get(sequenceOf(calls[0]?.[0] as never)) as number;
    expect(invokedAt - firstWrite).toBeGreaterThanOrEqual(window - 50);
  });

  it('takes an expired iterator again after the checkpoint and loses nothing', async () => {
    // Prepare: a streams client whose every third GetRecords carries an iterator aged 16 minutes,
    // which DynamoDB Local answers with ExpiredIteratorException. (TRIM_HORIZON: a shard opened at
    // LATEST whose iterator expires before its first record can only be opened at LATEST again.)
    const streams = localStreamsClient(endpoint);
    let reads = 0;
    streams.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { ShardIterator?: string };
        if (input.ShardIterator !== undefined) {
          reads += 1;
          if (reads % 3 === 0) input.ShardIterator = aged(input.ShardIterator);
        }
        return next(args);
      },
      { step: 'initialize', name: 'ageIterators' },
    );
    onTestFinished(() => streams.destroy());
    const recorder = recordingHandler();
    const warnings: string[] = [];
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'expiry',
      client: streams,
      batchSize: 7,
      onWarning: (_message, error) => warnings.push((error as Error).name),
    });

    // Act
    for (let i = 0; i < 6; i += 1) {
      await putItems(client, tables.decisions, `expiry-${i}-`, 10);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await mapping.drained();

    // Assess
    const ours = recorder.delivered.filter((record) => keyOf(record).startsWith('expiry-'));
    expect(ours).toHaveLength(60);
    expect(new Set(recorder.delivered.map(sequenceOf)).size).toBe(recorder.delivered.length);
    const sequence = recorder.delivered.map(sequenceOf);
    expect(sequence).toEqual([...sequence].sort(compareSequenceNumbers));
    expect(mapping.stats().expiredIterators).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it('reads a closed shard to its end, checkpoints it finished and stops reading it', async () => {
    // Prepare
    const { client: own, tables: ownTables } = await freshTables();
    onTestFinished(() => own.destroy());
    const checkpointStore = memoryCheckpointStore();
    const recorder = recordingHandler();
    await putItems(own, ownTables.decisions, 'closed-', 12);
    const { Table } = await own.send(new DescribeTableCommand({ TableName: ownTables.decisions }));
    const streamArn = Table?.LatestStreamArn as string;

    // Act: disabling the stream closes its shard.
    await own.send(
      new UpdateTableCommand({
        TableName: ownTables.decisions,
        StreamSpecification: { StreamEnabled: false },
      }),
    );
    const mapping = await start({
      handler: recorder.handler,
      functionName: 'closed',
      streamArn,
      checkpointStore,
    });
    await mapping.drained();

    // Assess
    expect(recorder.delivered.map(keyOf).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `closed-${i}`).sort(),
    );
    expect(mapping.stats().shards).toMatchObject({ known: 1, finished: 1, active: 0 });
    const checkpoints = Object.values(await checkpointStore.list(`closed@${streamArn}`));
    expect(checkpoints).toEqual([
      { sequenceNumber: sequenceOf(recorder.delivered.at(-1) as never), finished: true },
    ]);
  });
});

/** The same iterator with its creation time moved 16 minutes back (DynamoDB Local's format: base64 of `shard|sequence|ms`). */
const aged = (iterator: string): string => {
  const [prefix, version, encoded] = iterator.split('|');
  const [shardId, sequence, createdAt] = Buffer.from(encoded as string, 'base64')
    .toString()
    .split('|');
  const old = String(Date.now() - 16 * 60_000).padStart((createdAt as string).length, '0');
  return `${prefix}|${version}|${Buffer.from(`${shardId}|${sequence}|${old}`).toString('base64')}`;
};
