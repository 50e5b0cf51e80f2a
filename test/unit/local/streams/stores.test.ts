import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  CHECKPOINT_FILE,
  fileCheckpointStore,
  memoryCheckpointStore,
} from '#lib/local/streams/checkpoint-store';
import { DEAD_LETTER_FILE, fileDeadLetters, memoryDeadLetters } from '#lib/local/streams/dead-letters';
import { failedBatch } from '#lib/local/streams/failed-batch';
import type { BufferedRecord } from '#lib/local/streams/types';

const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'esm-stores-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
};
const key = (shardId: string) => ({ mappingId: 'replica@arn', shardId });

const buffered = (sequenceNumber: string, pk: string): BufferedRecord => ({
  sequenceNumber,
  readAt: 0,
  record: {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      Keys: { pk: { S: pk } },
      ApproximateCreationDateTime: 1_795_000_000,
    },
  },
});

describe.each([
  ['memory', async () => memoryCheckpointStore()],
  ['file', async () => fileCheckpointStore(await tempDir())],
])('%s checkpoint store', (_name, create) => {
  it('returns what was put, per mapping and shard, and nothing for an unknown shard', async () => {
    // Prepare
    const store = await create();

    // Act
    await store.put(key('s1'), { sequenceNumber: '10' });
    await store.put(key('s1'), { sequenceNumber: '20' });
    await store.put(key('s2'), { sequenceNumber: '5', finished: true });
    await store.put({ mappingId: 'other@arn', shardId: 's1' }, { sequenceNumber: '99' });

    // Assess
    expect(await store.get(key('s1'))).toEqual({ sequenceNumber: '20' });
    expect(await store.get(key('s3'))).toBeUndefined();
    expect(await store.list('replica@arn')).toEqual({
      s1: { sequenceNumber: '20' },
      s2: { sequenceNumber: '5', finished: true },
    });
  });
});

describe('fileCheckpointStore', () => {
  it('is read back by a new store on the same directory (a restart)', async () => {
    // Prepare
    const dir = await tempDir();
    await fileCheckpointStore(dir).put(key('s1'), { sequenceNumber: '42' });

    // Act
    const reopened = await fileCheckpointStore(dir).get(key('s1'));

    // Assess
    expect(reopened).toEqual({ sequenceNumber: '42' });
  });

  it('leaves no temporary file behind and always a whole file, even with many concurrent puts', async () => {
    // Prepare
    const dir = await tempDir();
    const store = fileCheckpointStore(dir);

    // Act
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.put(key(`s${i % 5}`), { sequenceNumber: String(i) })),
    );

    // Assess
    expect(await readdir(dir)).toEqual([CHECKPOINT_FILE]);
    const file = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8'));
    expect(file.mappings['replica@arn']).toEqual({
      s0: { sequenceNumber: '45' },
      s1: { sequenceNumber: '46' },
      s2: { sequenceNumber: '47' },
      s3: { sequenceNumber: '48' },
      s4: { sequenceNumber: '49' },
    });
  });

  it('refuses a file that is not a checkpoint file, naming it', async () => {
    // Prepare
    const dir = await tempDir();
    await writeFile(join(dir, CHECKPOINT_FILE), '{"something": "else"}');

    // Act / Assess
    await expect(fileCheckpointStore(dir).get(key('s1'))).rejects.toThrow(CHECKPOINT_FILE);
  });
});

describe('dead letters', () => {
  const failed = (pk: string) =>
    failedBatch({
      records: [buffered('7', pk), buffered('9', `${pk}-next`)],
      shardId: 'shard-1',
      streamArn: 'arn:stream',
      functionName: 'replica',
      error: new TypeError('bad row'),
      functionError: 'Unhandled',
      invokeCount: 4,
      now: new Date('2026-11-21T10:00:00Z'),
    });

  it('builds the on-failure record with the shard, range, error and keys', () => {
    // Act
    const record = failed('a');

    // Assess
    expect(record.DDBStreamBatchInfo).toEqual({
      shardId: 'shard-1',
      startSequenceNumber: '7',
      endSequenceNumber: '9',
      approximateArrivalOfFirstRecord: new Date(1_795_000_000_000).toISOString(),
      approximateArrivalOfLastRecord: new Date(1_795_000_000_000).toISOString(),
      batchSize: 2,
      streamArn: 'arn:stream',
    });
    expect(record.error).toEqual({ name: 'TypeError', message: 'bad row' });
    expect(record.records.map((r) => r.keys)).toEqual([{ pk: { S: 'a' } }, { pk: { S: 'a-next' } }]);
    expect(record.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    });
  });

  it.each([
    ['memory', async () => memoryDeadLetters()],
    ['file', async () => fileDeadLetters(await tempDir())],
  ])('%s destination lists what was sent, oldest first', async (_name, create) => {
    // Prepare
    const destination = await create();

    // Act
    await Promise.all(['a', 'b', 'c'].map((pk) => destination.send(failed(pk))));

    // Assess
    expect((await destination.list()).map((f) => f.records[0]?.keys)).toEqual([
      { pk: { S: 'a' } },
      { pk: { S: 'b' } },
      { pk: { S: 'c' } },
    ]);
  });

  it('file destination writes one JSON line per batch and keeps them across instances', async () => {
    // Prepare
    const dir = await tempDir();
    await fileDeadLetters(dir).send(failed('a'));

    // Act
    await fileDeadLetters(dir).send(failed('b'));

    // Assess
    const lines = (await readFile(join(dir, DEAD_LETTER_FILE), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect((await fileDeadLetters(dir).list()).map((f) => f.records[0]?.keys)).toEqual([
      { pk: { S: 'a' } },
      { pk: { S: 'b' } },
    ]);
  });
});
