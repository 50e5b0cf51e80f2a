import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  CHECKPOINT_FILE,
  compareSequenceNumbers,
  fileCheckpointStore,
  memoryDeadLetters,
  startEventSourceMapping,
} from '#lib/local/streams/index';
import type { FreshTables } from '../../../support/dynamodb.ts';
import { freshTables } from '../../../support/dynamodb.ts';
import { keyOf, putItems, recordingHandler, sequenceOf } from './stream-fixtures.ts';

describe('event source mapping: restart with the file checkpoint store', () => {
  let fresh: FreshTables;
  const endpoint = inject('dynamodbEndpoint');

  beforeAll(async () => {
    fresh = await freshTables();
  });
  afterAll(() => fresh.client.destroy());

  it('resumes after the last handled record: nothing twice, nothing lost, writes made while stopped included', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'esm-restart-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const recorder = recordingHandler();
    const start = () =>
      startEventSourceMapping({
        endpoint,
        tableName: fresh.tables.decisions,
        functionName: 'restart',
        handler: recorder.handler,
        batchSize: 7,
        maximumBatchingWindowMs: 0,
        pollIntervalMs: 20,
        onFailure: memoryDeadLetters().send,
        checkpointStore: fileCheckpointStore(dataDir),
      });
    const first = await start();
    await putItems(fresh.client, fresh.tables.decisions, 'before-', 30);
    await first.drained();

    // Act
    await first.stop();
    await putItems(fresh.client, fresh.tables.decisions, 'stopped-', 20);
    const second = await start();
    onTestFinished(() => second.stop());
    await putItems(fresh.client, fresh.tables.decisions, 'after-', 10);
    await second.drained();

    // Assess
    const keys = recorder.delivered.map(keyOf);
    const expected = [
      ...Array.from({ length: 30 }, (_, i) => `before-${i}`),
      ...Array.from({ length: 20 }, (_, i) => `stopped-${i}`),
      ...Array.from({ length: 10 }, (_, i) => `after-${i}`),
    ];
    expect(keys).toEqual(expected);
    const sequence = recorder.delivered.map(sequenceOf);
    expect(sequence).toEqual([...sequence].sort(compareSequenceNumbers));
    const file = JSON.parse(await readFile(join(dataDir, CHECKPOINT_FILE), 'utf8'));
    expect(Object.values(file.mappings[`restart@${second.streamArn}`])).toEqual([
      { sequenceNumber: sequence.at(-1) },
    ]);
  });

  it('stops after the batch in flight and resumes with the next record', async () => {
    // Prepare: a slow handler, stopped while a batch is running.
    const dataDir = await mkdtemp(join(tmpdir(), 'esm-stop-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const entered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const options = {
      endpoint,
      tableName: fresh.tables.appliances,
      functionName: 'stop',
      batchSize: 3,
      maximumBatchingWindowMs: 0,
      pollIntervalMs: 20,
      onFailure: memoryDeadLetters().send,
    };
    const first = await startEventSourceMapping({
      ...options,
      checkpointStore: fileCheckpointStore(dataDir),
      handler: async (event) => {
        seen.push(...event.Records.map(sequenceOf));
        release();
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    });
    for (let i = 0; i < 9; i += 1) {
      await fresh.client.send(
        new PutItemCommand({
          TableName: fresh.tables.appliances,
          Item: { pk: { S: `stop-${i}` }, sk: { S: 'LATEST' } },
        }),
      );
    }
    await entered;

    // Act
    await first.stop();
    const handledBeforeStop = [...seen];
    const second = await startEventSourceMapping({
      ...options,
      checkpointStore: fileCheckpointStore(dataDir),
      handler: async (event) => {
        seen.push(...event.Records.map(sequenceOf));
      },
    });
    onTestFinished(() => second.stop());
    await second.drained();

    // Assess
    expect(handledBeforeStop.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(9);
  });
});
