/**
 * Property: every event the published contract describes is accepted, stored once (a retry is
 * a duplicate), reads back as sent through the API, and lands in the replica.
 *
 * Decisions, executions, feedback and heartbeats are drawn from the JSON Schemas in
 * `openapi/schemas/` (test/support/schema-arbitrary.ts), values at the limits included: tiny
 * and huge numbers, numbers beyond 2^53, parameters nested to their limit, any Unicode,
 * strings and lists at their maximum. Each goes through the local API on DynamoDB Local; the
 * stored item's stream records (INSERT, then a MODIFY per event) are handed to the replica
 * and aggregator functions as Lambda would hand them, and the replica row is read back from
 * PGlite (and from PostgreSQL when DATABASE_URL is set). Every run uses a tenant of its own,
 * so runs never see each other and a shrunk counterexample replays cleanly.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decisionPk } from '#adapters/dynamodb/decision-item';
import { migrate } from '#adapters/postgres/migrations';
import { contractJsonSchemas } from '#contract/json-schema';
import { LIMITS } from '#contract/limits';
import { createRedactor } from '#domain/redact-json';
import { createAggregatorHandler } from '#handlers/aggregator';
import { createReplicaHandler } from '#handlers/replica';
import { lambdaContext } from '../../lib/local/gateway/lambda-context.ts';
import { toLambdaImage } from '../../lib/local/streams/lambda-event.ts';
import { useTestApi } from '../support/local-api.ts';
import { type FreshDatabase, freshDatabase, sqlTargets } from '../support/postgres.ts';
import { schemaArbitrary } from '../support/schema-arbitrary.ts';

/** Runs per SQL target: a few seconds each, well under a minute in all. */
const RUNS = 30;

// Redaction has its own tests; here the built-in rules would only rewrite random text.
const api = useTestApi({ REDACTION_REPLACE_DEFAULTS: 'true' });

type Json = Record<string, unknown>;
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const iso = (timestamp: string) => new Date(timestamp).toISOString();

/**
 * RFC 3339 timestamps from the Unix epoch to 4 minutes ahead (inside the clock skew), with any
 * zone offset and 0 to 9 fraction digits: JSON Schema cannot say "not after the server's clock".
 */
const eventTime = fc
  .record({
    at: fc.oneof(
      fc.integer({ min: 0, max: Date.now() }),
      fc.constantFrom(0, Date.now() + LIMITS.maxClockSkewSeconds * 800),
    ),
    offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
    fraction: fc.constantFrom('', '.5', '.123', '.123456789'),
    zulu: fc.boolean(),
  })
  .map(({ at, offsetMinutes, fraction, zulu }) => {
    const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    const offset =
      offsetMinutes === 0 && zulu
        ? 'Z'
        : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${local}${fraction}${offset}`;
  });

const schemas = contractJsonSchemas();
const drawn = (name: 'decision' | 'execution' | 'feedback' | 'heartbeat') =>
  schemaArbitrary(schemas[name], {
    numberEdges: [
      0,
      -0,
      1e-130,
      -1e-130,
      5e-324,
      1e-200,
      1e-40,
      0.1 + 0.2,
      1e16,
      2 ** 53,
      2 ** 53 + 2,
      2 ** 60,
      -1e20,
      9.999999999999998e125,
      1e126,
      Number.MAX_VALUE,
      2 ** 31 - 1,
      2 ** 31,
    ],
    charEdges: [
      '\u0000',
      '\u0001',
      '\t',
      '\n',
      '\r',
      '\u007f',
      '\u0085',
      '\u2028',
      '\ufeff',
      '\uffff',
      '😀',
      '\u{10ffff}',
    ],
    formats: { 'date-time': eventTime },
    maxDepth: 5,
  });

/** How deep a JSON value nests (a scalar is 0). */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

/** Parameters nested exactly to the limit, to put into some decisions. */
const deepest = (leaf: unknown) => {
  let value = leaf;
  for (let level = 1; level < LIMITS.maxIntentParametersDepth; level++)
    value = level % 2 ? [value] : { d: value };
  return value;
};

/** What JSON Schema says in prose only: the parameters' size and nesting. */
const withinProse = (intent: unknown) => {
  const parameters = (intent as { parameters?: unknown } | undefined)?.parameters ?? {};
  return (
    Buffer.byteLength(JSON.stringify(parameters)) <= LIMITS.maxIntentParametersBytes &&
    depthOf(parameters) <= LIMITS.maxIntentParametersDepth
  );
};

const events = fc
  .record({
    decision: drawn('decision'),
    deep: fc.option(fc.oneof(fc.string(), fc.integer(), fc.constantFrom(1e16, 1e-130)), { freq: 4 }),
    execution: drawn('execution'),
    feedback: drawn('feedback'),
    heartbeat: drawn('heartbeat'),
  })
  .map(({ decision, deep, ...rest }) => {
    const d = decision as Json & { intent: Json };
    if (deep === null) return { decision: d, ...rest };
    const parameters = { ...((d.intent.parameters as Json | undefined) ?? {}), deep: deepest(deep) };
    return { decision: { ...d, intent: { ...d.intent, parameters } }, ...rest };
  })
  .filter(
    ({ decision, feedback }) => withinProse(decision.intent) && withinProse((feedback as Json).correctIntent),
  );

type Events = typeof events extends fc.Arbitrary<infer T> ? T : never;

const tenantCounter = { next: 0 };
const sequence = { next: 0 };
const nextSequenceNumber = () => `${Date.now()}${String(sequence.next++).padStart(8, '0')}`.padStart(21, '0');

/** A stream record of `table`, as Lambda delivers it from a NEW_AND_OLD_IMAGES stream. */
function streamRecord(
  table: string,
  newImage: Record<string, AttributeValue>,
  oldImage?: Record<string, AttributeValue>,
): DynamoDBRecord {
  const keys: Record<string, AttributeValue> = { pk: newImage.pk as AttributeValue };
  if (newImage.sk) keys.sk = newImage.sk;
  return {
    eventID: randomUUID(),
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: toLambdaImage(keys),
      NewImage: toLambdaImage(newImage),
      ...(oldImage ? { OldImage: toLambdaImage(oldImage) } : {}),
      SequenceNumber: nextSequenceNumber(),
      SizeBytes: 1,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`,
  };
}

/** The parameters as stored: values under keys that name a secret are replaced whole. */
const storedIntent = (intent: Json) =>
  json({ action: intent.action, parameters: createRedactor([]).json(intent.parameters ?? {}) });

describe.each(sqlTargets())(
  'every contract-valid event is stored, reads back as sent and is replicated (%s)',
  (target) => {
    let db: FreshDatabase;
    let ddb: DynamoDBClient;
    let replica: ReturnType<typeof createReplicaHandler>;
    let aggregator: ReturnType<typeof createAggregatorHandler>;
    beforeAll(async () => {
      db = await freshDatabase(target);
      await migrate(db.client);
      // Nothing valid is set aside: a dead letter fails the delivery, and so the run.
      const deadLetters = {
        send: async () => {
          throw new Error('a record was set aside');
        },
      };
      replica = createReplicaHandler({ runtime: api.runtime, database: async () => db.client, deadLetters });
      aggregator = createAggregatorHandler({ runtime: api.runtime, deadLetters });
      ddb = new DynamoDBClient({
        endpoint: inject('dynamodbEndpoint'),
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
    });
    afterAll(async () => {
      ddb?.destroy();
      await db?.close();
    });

    const table = (name: 'decisions' | 'appliances') => `${api.tablePrefix}-${name}`;
    const decisionItem = async (tenant: string, id: string) =>
      (
        await ddb.send(
          new GetItemCommand({
            TableName: table('decisions'),
            Key: { pk: { S: decisionPk(tenant, id) } },
            ConsistentRead: true,
          }),
        )
      ).Item as Record<string, AttributeValue>;

    /** POSTs `body`, expecting it accepted; returns the decision item as it then is. */
    async function post(key: string, path: string, body: unknown, tenant: string, id: string) {
      const res = await api.request('POST', path, { json: body, key });
      expect(res.status, `${path} ${res.text.slice(0, 2000)}`).toBe(201);
      return decisionItem(tenant, id);
    }

    /** Hands records to a stream function and expects every one processed. */
    async function deliver(fn: typeof replica | typeof aggregator, name: string, records: DynamoDBRecord[]) {
      const response = (await fn({ Records: records }, lambdaContext(name))) as DynamoDBBatchResponse;
      expect(response.batchItemFailures, `${name} failed records`).toEqual([]);
    }

    async function roundTrip({ decision, execution, feedback, heartbeat }: Events): Promise<void> {
      // Prepare: a tenant of its own, and a decision id no other run uses
      const tenant = `prop-${tenantCounter.next++}-${randomBytes(3).toString('hex')}`;
      const { token } = await api.createKey(tenant, ['decisions:write', 'heartbeats:write', 'read']);
      const id = randomUUID();
      const d = { ...decision, decisionId: id };
      const e = execution as Json;
      const f = feedback as Json;
      const h = heartbeat as Json;

      // Act: the events through the API, each change of the item as its stream record
      const afterDecision = await post(token, '/v1/decisions', d, tenant, id);
      const afterExecution = await post(token, `/v1/decisions/${id}/execution`, e, tenant, id);
      const afterFeedback = await post(token, `/v1/decisions/${id}/feedback`, f, tenant, id);
      const beat = await api.request('POST', '/v1/heartbeats', { json: h, key: token });
      expect(beat.status, `heartbeat ${beat.text.slice(0, 2000)}`).toBe(201);
      // A client's retries: each event is stored once
      const retries = await Promise.all([
        api.request('POST', '/v1/decisions', { json: d, key: token }),
        api.request('POST', `/v1/decisions/${id}/feedback`, { json: f, key: token }),
        api.request('POST', '/v1/heartbeats', { json: h, key: token }),
      ]);
      expect(retries.map((r) => [r.status, r.body?.status])).toEqual(retries.map(() => [200, 'duplicate']));
      const back = await api.request('GET', `/v1/decisions/${id}`, { key: token });
      const appliances = await api.request('GET', '/v1/appliances', { key: token });
      const records = [
        streamRecord(table('decisions'), afterDecision),
        streamRecord(table('decisions'), afterExecution, afterDecision),
        streamRecord(table('decisions'), afterFeedback, afterExecution),
      ];
      const applianceItems = (
        await ddb.send(
          new QueryCommand({
            TableName: table('appliances'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: `${tenant}#${h.applianceId}` } },
            ConsistentRead: true,
          }),
        )
      ).Items as Record<string, AttributeValue>[];
      await deliver(aggregator, 'aggregator', records);
      await deliver(replica, 'replica', records);
      await deliver(
        replica,
        'replica',
        applianceItems.map((item) => streamRecord(table('appliances'), item)),
      );
      // Rows as JSON: PGlite's client drops a leading U+FEFF from every text value it reads
      // (the table holds it), JSON text starts with "{".
      const row = (
        await db.client.query<{ row: Json }>(
          'SELECT to_jsonb(d) AS row FROM ai_decisions d WHERE id = $1::uuid AND customer_id = $2',
          [id, tenant],
        )
      ).rows[0]?.row;
      const beatRows = (
        await db.client.query<{ row: Json }>(
          'SELECT to_jsonb(h) AS row FROM appliance_heartbeats h WHERE customer_id = $1',
          [tenant],
        )
      ).rows.map((r) => r.row);

      // Assess: the API reads back what was sent (times in UTC, parameters as stored)
      const sent = json(d) as Json;
      const intent = storedIntent(sent.intent as Json);
      const { schemaVersion: _e, ...executionBack } = json(e) as Json;
      const { schemaVersion: _f, ...feedbackBack } = json(f) as Json;
      expect(back.status, back.text.slice(0, 2000)).toBe(200);
      const { schemaVersion: _d, ...decisionBack } = sent;
      const expected: Json = {
        ...decisionBack,
        customerId: tenant,
        occurredAt: iso(sent.occurredAt as string),
        intent,
        version: 3,
      };
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, back.body[k]]))).toEqual(expected);
      expect(back.body.execution).toEqual({ ...executionBack, startedAt: iso(e.startedAt as string) });
      expect(back.body.feedback).toEqual({
        ...feedbackBack,
        ...(f.submittedAt ? { submittedAt: iso(f.submittedAt as string) } : {}),
        ...(f.correctIntent ? { correctIntent: storedIntent(f.correctIntent as Json) } : {}),
      });
      const beatSent = json(h) as Json;
      const { schemaVersion: _h, sentAt, ...state } = beatSent;
      expect(appliances.body.items).toEqual([
        expect.objectContaining({ ...state, customerId: tenant, lastHeartbeatAt: iso(sentAt as string) }),
      ]);

      // Assess: the replica holds the decision, its execution and feedback, and the heartbeat
      const llm = sent.llm as Json;
      const counts = executionBack.taskCounts as Record<string, number>;
      const playbook = sent.playbook as Json | undefined;
      expect(row, 'the replica row').toBeDefined();
      expect(Date.parse(row?.timestamp as string)).toBe(Date.parse(sent.occurredAt as string));
      expect(row).toMatchObject({
        appliance_id: sent.applianceId,
        query: sent.query,
        parsed_intent: intent,
        confidence: sent.confidence,
        llm_model: llm.model,
        llm_tokens_used: (llm.inputTokens as number) + (llm.outputTokens as number),
        llm_duration_ms: Math.round(llm.durationMs as number),
        playbook_yaml: playbook?.yaml ?? null,
        playbook_hash: playbook?.sha256 ?? null,
        execution_status: executionBack.status,
        execution_duration_seconds: executionBack.durationSeconds,
        tasks_executed: (counts.ok as number) + (counts.failed as number) + (counts.unreachable as number),
        tasks_ok: counts.ok,
        tasks_changed: counts.changed,
        tasks_failed: counts.failed,
        execution_output: executionBack.output ?? null,
        execution_errors: executionBack.errors ?? [],
        user_feedback: f.rating ?? null,
        user_comment: f.comment ?? null,
        is_training_data: f.isTrainingData ?? false,
        human_verified: f.humanVerified ?? false,
        correct_intent: f.correctIntent ? storedIntent(f.correctIntent as Json) : null,
        version: 3,
      });
      expect(beatRows.map((r) => Date.parse(r.sent_at as string))).toEqual([Date.parse(sentAt as string)]);
      expect(beatRows).toEqual([
        expect.objectContaining({
          appliance_id: beatSent.applianceId,
          cpu_percent: beatSent.cpuPercent,
          memory_percent: beatSent.memoryPercent,
          disk_percent: beatSent.diskPercent,
          services: beatSent.services,
          agent_version: beatSent.agentVersion,
        }),
      ]);
    }

    it(`holds for ${RUNS} drawn sets of events`, { timeout: 180_000 }, async () => {
      await fc.assert(fc.asyncProperty(events, roundTrip), {
        numRuns: RUNS,
        interruptAfterTimeLimit: 150_000,
      });
    });
  },
);
