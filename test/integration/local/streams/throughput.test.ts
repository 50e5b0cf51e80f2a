import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  compareSequenceNumbers,
  memoryCheckpointStore,
  memoryDeadLetters,
  startEventSourceMapping,
} from '#lib/local/streams/index';
import { type FreshTables, freshTables } from '../../../support/dynamodb.ts';
import { keyOf, putItems, recordingHandler, sequenceOf } from './stream-fixtures.ts';

const WRITES = 2_000;

describe('event source mapping: throughput', () => {
  let fresh: FreshTables;
  const endpoint = inject('dynamodbEndpoint');

  beforeAll(async () => {
    fresh = await freshTables();
  });
  afterAll(() => fresh.client.destroy());

  it(`delivers ${WRITES} writes completely and in order, with a bounded delay from write to handler`, async () => {
    // Prepare
    const recorder = recordingHandler();
    const mapping = await startEventSourceMapping({
      endpoint,
      tableName: fresh.tables.decisions,
      functionName: 'throughput',
      handler: recorder.handler,
      onFailure: memoryDeadLetters().send,
      checkpointStore: memoryCheckpointStore(),
    });
    onTestFinished(() => mapping.stop());
    const started = performance.now();

    // Act: four writers in parallel, 25 items a request.
    await Promise.all(
      [0, 1, 2, 3].map((writer) => putItems(fresh.client, fresh.tables.decisions, `w${writer}-`, WRITES / 4)),
    );
    await mapping.drained();
    const seconds = (performance.now() - started) / 1000;

    // Assess
    expect(new Set(recorder.delivered.map(keyOf)).size).toBe(WRITES);
    expect(recorder.delivered).toHaveLength(WRITES);
    const sequence = recorder.delivered.map(sequenceOf);
    expect(sequence).toEqual([...sequence].sort(compareSequenceNumbers));
    const delays = recorder.delivered
      .map(
        (record) =>
          (recorder.receivedAt.get(sequenceOf(record)) as number) -
          Number(record.dynamodb?.NewImage?.writtenAt?.N),
      )
      .sort((a, b) => a - b);
    const p95 = delays[Math.floor(delays.length * 0.95)] as number;
    console.info(
      `[event source mapping] ${WRITES} writes in ${seconds.toFixed(2)} s: ${(WRITES / seconds).toFixed(0)} records/s end to end, ` +
        `write→handler p50 ${delays[Math.floor(delays.length / 2)]} ms, p95 ${p95} ms, max ${delays.at(-1)} ms, ` +
        `${mapping.stats().invocations} invocations`,
    );
    // A second function reading the same 2,000 records as a backlog: the poller's own rate.
    const backlog = recordingHandler();
    const readStarted = performance.now();
    const second = await startEventSourceMapping({
      endpoint,
      tableName: fresh.tables.decisions,
      functionName: 'backlog',
      handler: backlog.handler,
      onFailure: memoryDeadLetters().send,
      checkpointStore: memoryCheckpointStore(),
    });
    onTestFinished(() => second.stop());
    await second.drained();
    const readSeconds = (performance.now() - readStarted) / 1000;
    console.info(
      `[event source mapping] backlog of ${WRITES} read and delivered in ${readSeconds.toFixed(2)} s: ` +
        `${(WRITES / readSeconds).toFixed(0)} records/s`,
    );
    expect(backlog.delivered.map(sequenceOf)).toEqual(sequence);
    // Default batching window 500 ms + poll interval 250 ms; generous bound for a busy machine.
    expect(p95).toBeLessThan(5_000);
    expect(Math.max(...recorder.calls.map((call) => call.length))).toBeLessThanOrEqual(100);
  });
});
