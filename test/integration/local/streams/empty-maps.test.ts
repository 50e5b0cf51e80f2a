/**
 * DynamoDB Local 3.3.1 streams an empty map as `{}` (no type); the local event source mapping
 * must hand handlers the `{"M":{}}` DynamoDB sends, or every decision with empty intent
 * parameters fails to unmarshall in the replica and the aggregator.
 */
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import type { TableNames } from '#adapters/dynamodb-tables';
import { memoryCheckpointStore, memoryDeadLetters, startEventSourceMapping } from '#lib/local/streams/index';
import { freshTables } from '../../../support/dynamodb.ts';
import { keyOf, recordingHandler } from './stream-fixtures.ts';

describe('event source mapping: empty maps in stream images', () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  const endpoint = inject('dynamodbEndpoint');

  beforeAll(async () => {
    ({ client, tables } = await freshTables());
  });
  afterAll(() => client.destroy());

  it('delivers an item with empty maps (top level and nested) and empty lists as DynamoDB would', async () => {
    // Prepare
    const recorder = recordingHandler();
    const mapping = await startEventSourceMapping({
      endpoint,
      tableName: tables.decisions,
      functionName: 'empty-maps',
      handler: recorder.handler,
      onFailure: memoryDeadLetters().send,
      checkpointStore: memoryCheckpointStore(),
      pollIntervalMs: 20,
      maximumBatchingWindowMs: 0,
    });
    onTestFinished(() => mapping.stop());
    const pk = 'empty-maps-1';

    // Act
    await client.send(
      new PutItemCommand({
        TableName: tables.decisions,
        Item: {
          pk: { S: pk },
          intent: { M: { action: { S: 'x' }, parameters: { M: {} } } },
          e: { M: {} },
          l: { L: [] },
          nl: { L: [{ M: {} }] },
        },
      }),
    );
    await mapping.drained();

    // Assess
    const [record] = recorder.delivered.filter((r) => keyOf(r) === pk);
    const image = record?.dynamodb?.NewImage as never;
    expect(record?.dynamodb?.NewImage).toEqual({
      pk: { S: pk },
      intent: { M: { action: { S: 'x' }, parameters: { M: {} } } },
      e: { M: {} },
      l: { L: [] },
      nl: { L: [{ M: {} }] },
    });
    expect(unmarshall(image)).toEqual({
      pk,
      intent: { action: 'x', parameters: {} },
      e: {},
      l: [],
      nl: [{}],
    });
  });
});
