import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDecisionStore } from '#adapters/decision-store';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { unpackedItem } from '#adapters/dynamodb/packed-sections';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import { applySectionWrite, planSection } from '#adapters/dynamodb/section-write';
import type { DecisionLifecycleEvent, IngestContext } from '#domain/decision-lifecycle';
import { toDecisionRecord } from '#domain/decision-record';
import type { RecordedDecision } from '#domain/recorded-decision';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import { freshTables } from '../../support/dynamodb.ts';
import { sampleDecision, sampleExecution, sampleFeedback } from '../../support/samples.ts';

let store: DynamoDecisionStore;
let db: DynamoDBDocumentClient;
let table: string;
beforeAll(async () => {
  const { client, tables } = await freshTables();
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  table = tables.decisions;
  store = new DynamoDecisionStore(db, table);
});

const ctx = (at: string): IngestContext => ({
  customerId: 'acme',
  receivedAt: new Date(at),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

/** One event to record, with the context it arrives in. */
interface Recording {
  readonly event: DecisionLifecycleEvent;
  readonly ctx: IngestContext;
}

/** The events of one decision: the decision, its execution and two feedback events. */
function recordings(id: string): Recording[] {
  return [
    {
      event: {
        section: 'decision',
        event: sampleDecision({ decisionId: id, occurredAt: '2026-11-21T09:00:00Z' }) as never,
      },
      ctx: ctx('2026-11-21T09:00:01Z'),
    },
    {
      event: {
        section: 'execution',
        decisionId: id,
        event: sampleExecution({ startedAt: '2026-11-21T09:00:02Z' }) as never,
      },
      ctx: ctx('2026-11-21T09:00:10Z'),
    },
    {
      event: {
        section: 'feedback',
        decisionId: id,
        event: sampleFeedback({ humanVerified: undefined, isTrainingData: undefined }) as never,
      },
      ctx: ctx('2026-11-21T09:01:00Z'),
    },
    {
      event: { section: 'feedback', decisionId: id, event: { schemaVersion: 1, humanVerified: true } },
      ctx: ctx('2026-11-21T10:00:00Z'),
    },
  ];
}

const record = (r: Recording) => store.write(r.event, r.ctx);

const permutations = <T>(xs: T[]): T[][] =>
  xs.length <= 1
    ? [xs]
    : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));

describe('DynamoDecisionStore on DynamoDB Local', () => {
  it('stores the same record as the pure merge, for every order of the events, with a retry of each', async () => {
    for (const order of permutations([0, 1, 2, 3])) {
      // Prepare
      const id = randomUUID();
      const rs = recordings(id);
      let model: DecisionItem | undefined;
      for (const r of rs) model = applySectionWrite(model, planSection(r.event, r.ctx)).item;
      // Act: every event, then every event again (a client retry)
      const outcomes: string[] = [];
      for (const i of [...order, ...order]) outcomes.push(await record(rs[i] as Recording));
      const stored = await store.get('acme', id);
      // Assess
      expect(outcomes).toEqual([...order.map(() => 'accepted'), ...order.map(() => 'duplicate')]);
      expect(toDecisionRecord(stored as RecordedDecision)).toEqual(
        toDecisionRecord(recordedDecision(model as DecisionItem)),
      );
      expect(stored?.version).toBe(4);
    }
  });

  it('answers conflict for other content under a written section, and limit past five feedback events', async () => {
    const id = randomUUID();
    const [decision] = recordings(id);
    await record(decision as Recording);
    const other = sampleDecision({ decisionId: id, confidence: 0.1 }) as never;
    expect(await store.write({ section: 'decision', event: other }, ctx('2026-11-21T09:00:01Z'))).toBe(
      'conflict',
    );
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      const note = { schemaVersion: 1 as const, comment: `note ${i}` };
      outcomes.push(
        await store.write({ section: 'feedback', decisionId: id, event: note }, ctx('2026-11-21T11:00:00Z')),
      );
    }
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'limit']);
  });

  it('lets concurrent writers of the same new decision store it exactly once', async () => {
    const id = randomUUID();
    const [decision, execution] = recordings(id);
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => record(decision as Recording)),
      ...Array.from({ length: 5 }, () => record(execution as Recording)),
    ]);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(8);
    expect((await store.get('acme', id))?.version).toBe(2);
  });

  it('lists whole records though the indexes hold only keys and filter attributes, the status checked on the records', async () => {
    // Prepare: six decisions of one appliance, every other one failed
    const tenant = { ...ctx('2026-11-21T09:00:01Z'), customerId: `t-${randomUUID()}` };
    const ids = Array.from({ length: 6 }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      const occurredAt = `2026-11-21T09:0${i}:00Z`;
      await store.write(
        {
          section: 'decision',
          event: sampleDecision({ decisionId: id, occurredAt, applianceId: 'appl-1' }) as never,
        },
        tenant,
      );
      const status = i % 2 === 0 ? 'failed' : 'success';
      await store.write(
        { section: 'execution', decisionId: id, event: sampleExecution({ status }) as never },
        tenant,
      );
    }
    const failed = ids.filter((_, i) => i % 2 === 0).reverse();

    // Act: pages of two, newest first
    const pages: RecordedDecision[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(
        tenant.customerId,
        { applianceId: 'appl-1', executionStatus: 'failed' },
        { limit: 2, ...(cursor ? { cursor } : {}) },
      );
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 5);

    // Assess
    const listed = pages.flat();
    expect(listed.map((i) => i.decisionId)).toEqual(failed);
    for (const item of listed)
      expect(toDecisionRecord(item)).toEqual(
        toDecisionRecord((await store.get(tenant.customerId, item.decisionId)) as RecordedDecision),
      );
    expect(
      listed.every(
        (i) => i.decision?.fields.playbook !== undefined && i.execution?.fields.status === 'failed',
      ),
    ).toBe(true);
  });

  it('reads, lists and merges into an item stored before its members were packed', async () => {
    // Prepare: the decision and its execution stored the old way (plain attributes)
    const id = randomUUID();
    const [decision, execution, feedback] = recordings(id) as [Recording, Recording, Recording];
    let model: DecisionItem | undefined;
    for (const r of [decision, execution]) model = applySectionWrite(model, planSection(r.event, r.ctx)).item;
    const old = unpackedItem(model as DecisionItem);
    expect(old).toMatchObject({ query: expect.any(String), execution: { status: 'success' } });
    await db.send(new PutCommand({ TableName: table, Item: old }));

    // Act
    const read = await store.get('acme', id);
    const retried = await record(decision);
    const merged = await record(feedback);
    const listed = await store.list(
      'acme',
      { applianceId: read?.decision?.fields.applianceId as string },
      { limit: 50 },
    );

    // Assess
    expect(read).toEqual(recordedDecision(model as DecisionItem));
    expect([retried, merged]).toEqual(['duplicate', 'accepted']);
    const after = (await store.get('acme', id)) as RecordedDecision;
    expect(after.decision).toEqual(read?.decision);
    expect(after.execution).toEqual(read?.execution);
    expect(after.feedback).toHaveLength(1);
    expect(listed.items.find((i) => i.decisionId === id)).toEqual(after);
  });
});
