/**
 * `aiops-obs redrive` on the AWS side: the pipeline's SQS queues (a loopback stand-in: SQS
 * cannot run here; the real SDK sends, receives and deletes), the replica reached by URL (a
 * PGlite served over the PostgreSQL protocol) and DynamoDB Local's stream, from which a batch
 * Lambda gave up (its on-failure record names only the shard and the sequence range) is read
 * back. The record dead letter is the one the real replica handler sends through SQS.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { migrate } from '#adapters/postgres/migrations';
import type { PgliteSqlClient } from '#adapters/postgres/pglite-client';
import { sqsDeadLetterSink } from '#adapters/sqs/dead-letter-sink';
import { createReplicaHandler } from '#handlers/replica';
import { decodeDeadLetter } from '#streams/record-dead-letters';
import { lambdaContext } from '../../../lib/local/gateway/lambda-context.ts';
import { type PgliteServer, startPgliteServer } from '../../../lib/local/pglite-server/server.ts';
import {
  describeShards,
  getRecords,
  localStreamsClient,
  shardIterator,
} from '../../../lib/local/streams/stream-api.ts';
import { runRedriveCommand } from '../../../lib/redrive/redrive-cli.ts';
import { type FreshTables, freshTables } from '../../support/dynamodb.ts';
import { type FreshDatabase, freshDatabase } from '../../support/postgres.ts';
import { tablelessRuntime } from '../../support/runtime.ts';
import { type SqsQueues, startSqsQueues } from '../../support/sqs-queues.ts';
import { insertRecords, putDecisionItems, storedDecision } from '../../support/stored-decisions.ts';

/** Lambda's on-failure record for a DynamoDB stream batch, as it lands in an SQS destination. */
const onFailureRecord = (
  streamArn: string,
  shardId: string,
  first: string,
  last: string,
  batchSize: number,
) => ({
  requestContext: {
    requestId: 'c9b8fa9f-5a7f-4b4c-a1a2-0f3f6e1e0a11',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:aiops-replica',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 6,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2026-11-21T10:20:00.000Z',
  DDBStreamBatchInfo: {
    shardId,
    startSequenceNumber: first,
    endSequenceNumber: last,
    approximateArrivalOfFirstRecord: '2026-11-21T10:15:00Z',
    approximateArrivalOfLastRecord: '2026-11-21T10:15:00Z',
    batchSize,
    streamArn,
  },
});

describe('aiops-obs redrive on the AWS queues', () => {
  let fresh: FreshTables;
  let sqs: SqsQueues;
  let client: SQSClient;
  let db: FreshDatabase;
  let served: PgliteServer;
  const url: Record<string, string> = {};
  const endpoint = inject('dynamodbEndpoint');

  beforeAll(async () => {
    fresh = await freshTables();
    sqs = await startSqsQueues();
    client = sqs.sdkClient();
    for (const name of ['replica-decisions', 'replica-records', 'aggregator-records', 'exporter-schedule'])
      url[name] = sqs.createQueue(`aiops-${name}`);
    db = await freshDatabase('pglite');
    await migrate(db.client);
    served = await startPgliteServer((db.client as PgliteSqlClient).pglite);
  });
  afterAll(async () => {
    await served?.close();
    await db?.close();
    client?.destroy();
    await sqs?.close();
  });

  const redriveAws = async (dryRun = false) => {
    let text = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    const local = {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const counts = await runRedriveCommand(
      {
        queues: Object.entries(url)
          .map(([name, u]) => `${name}=${u}`)
          .join(','),
        databaseUrl: served.url,
        tablePrefix: fresh.prefix,
        ...(dryRun ? { dryRun } : {}),
      },
      {
        out,
        env: {},
        awsClients: {
          sqs: client,
          documents: createDocumentClient(local),
          streams: () => localStreamsClient(endpoint),
        },
      },
    );
    return { text, counts: Object.fromEntries(counts.map(({ queue, ...c }) => [queue, c])) };
  };
  const ids = async () =>
    (await db.client.query<{ id: string }>('SELECT id::text AS id FROM ai_decisions ORDER BY id')).rows.map(
      (r) => r.id,
    );

  it('replays a set-aside record and a given-up batch after the fix, deletes them, keeps what still fails', {
    timeout: 60_000,
  }, async () => {
    // Prepare: the replica refuses one appliance's rows; the replica handler in AWS sends that record to SQS
    const tag = randomBytes(4).toString('hex');
    await db.client.query(
      `ALTER TABLE ai_decisions ADD CONSTRAINT redrive_${tag} CHECK (appliance_id <> 'appl-${tag}')`,
    );
    const refused = storedDecision('globex', { decision: { applianceId: `appl-${tag}` } });
    const delivered = [storedDecision('acme'), refused, storedDecision('acme')];
    const handler = createReplicaHandler({
      runtime: await tablelessRuntime(),
      database: async () => db.client,
      deadLetters: sqsDeadLetterSink(url['replica-records'] as string, () => client),
      recordLag: false,
    });
    await handler({ Records: insertRecords(delivered) }, lambdaContext('replica'));
    // Prepare: a batch Lambda gave up (during an outage) and its on-failure record, from DynamoDB Local's stream
    const givenUp: DecisionItem[] = [storedDecision('acme'), storedDecision('globex')];
    await putDecisionItems(fresh.client, fresh.tables.decisions, givenUp);
    const { Table } = await fresh.client.send(
      new DescribeTableCommand({ TableName: fresh.tables.decisions }),
    );
    const streamArn = Table?.LatestStreamArn as string;
    const streams = localStreamsClient(endpoint);
    const [shard] = await describeShards(streams, streamArn);
    const shardId = shard?.shardId as string;
    const { Records = [] } = await getRecords(
      streams,
      await shardIterator(streams, streamArn, shardId, { type: 'TRIM_HORIZON' }),
    );
    const seqs = Records.map((r) => r.dynamodb?.SequenceNumber as string);
    streams.destroy();
    const send = (queue: string, body: unknown) =>
      client.send(
        new SendMessageCommand({
          QueueUrl: url[queue],
          MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    await send(
      'replica-decisions',
      onFailureRecord(streamArn, shardId, seqs[0] as string, seqs[1] as string, 2),
    );
    // Prepare: a batch whose records the stream no longer holds (given up more than 24 hours ago)
    const gone = (BigInt(seqs[1] as string) + 1_000_000n).toString().padStart(21, '0');
    await send('replica-decisions', onFailureRecord(streamArn, shardId, gone, gone, 1));
    await send('exporter-schedule', { note: 'a scheduler invocation' });
    const before = await ids();
    const messages = () =>
      Object.fromEntries(Object.entries(url).map(([name, u]) => [name, sqs.messages(u).length]));

    // Act
    const dry = await redriveAws(true);
    const afterDry = { ids: await ids(), messages: messages() };
    const visibleAfterDry = Object.values(url).every((u) =>
      sqs.messages(u).every((m) => m.invisibleUntil <= Date.now()),
    );
    await db.client.query(`ALTER TABLE ai_decisions DROP CONSTRAINT redrive_${tag}`);
    const fixed = await redriveAws();
    const afterFix = await ids();
    const again = await redriveAws();

    // Assess: the handler sent the refused record alone, with its body
    const [letter] = sqs.messages(url['replica-records'] as string);
    expect(letter).toBeUndefined(); // replayed and deleted by now
    const sent = sqs.calls.find(
      (c) => c.operation === 'SendMessage' && c.body.QueueUrl === url['replica-records'],
    );
    expect(decodeDeadLetter(String(sent?.body.MessageBody))?.record.dynamodb?.Keys).toEqual({
      pk: { S: `globex#${refused.decisionId}` },
    });
    expect(before).toEqual([delivered[0], delivered[2]].map((d) => d?.decisionId).sort());
    // Assess: the dry run listed both queues' messages, skipped the exporter's, and changed nothing
    expect(dry.counts).toEqual({
      'replica-decisions': { found: 2, replayed: 0, stillFailing: 0, left: 2 },
      'replica-records': { found: 1, replayed: 0, stillFailing: 0, left: 1 },
      'aggregator-records': { found: 0, replayed: 0, stillFailing: 0, left: 0 },
    });
    expect(dry.text).toContain('skipped        exporter-schedule');
    expect(dry.text).toContain(`replica: 2 record(s) of ${fresh.tables.decisions}, ${shardId}`);
    expect(afterDry).toEqual({
      ids: before,
      messages: {
        'replica-decisions': 2,
        'replica-records': 1,
        'aggregator-records': 0,
        'exporter-schedule': 1,
      },
    });
    expect(visibleAfterDry).toBe(true);
    // Assess: after the fix, the record and the batch went in once; the batch the stream lost stays, visible
    expect(fixed.counts).toEqual({
      'replica-decisions': { found: 2, replayed: 1, stillFailing: 1, left: 1 },
      'replica-records': { found: 1, replayed: 1, stillFailing: 0, left: 0 },
      'aggregator-records': { found: 0, replayed: 0, stillFailing: 0, left: 0 },
    });
    expect(fixed.text).toContain('because the stream holds 0 of the 1 records');
    expect(afterFix).toEqual([...delivered, ...givenUp].map((d) => d.decisionId).sort());
    const [kept] = sqs.messages(url['replica-decisions'] as string);
    expect(kept?.body).toContain(gone);
    expect(kept?.invisibleUntil ?? Infinity).toBeLessThanOrEqual(Date.now());
    // Assess: again, only what still fails is tried, and nothing changes
    expect(again.counts['replica-decisions']).toEqual({ found: 1, replayed: 0, stillFailing: 1, left: 1 });
    expect(again.counts['replica-records']).toEqual({ found: 0, replayed: 0, stillFailing: 0, left: 0 });
    expect(await ids()).toEqual(afterFix);
    expect(sqs.calls.filter((c) => c.operation === 'DeleteMessage')).toHaveLength(2);
  });
});
