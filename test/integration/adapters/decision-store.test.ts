import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDecisionStore } from '#adapters/decision-store';
import {
  applySectionWrite,
  type IngestContext,
  planDecision,
  planExecution,
  planFeedback,
  type SectionWrite,
} from '#domain/decision-events';
import type { DecisionItem } from '#domain/decision-item';
import { toDecisionRecord } from '#domain/decision-record';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import { freshTables } from '../../support/dynamodb.ts';
import { sampleDecision, sampleExecution, sampleFeedback } from '../../support/samples.ts';

let store: DynamoDecisionStore;
beforeAll(async () => {
  const { client, tables } = await freshTables();
  store = new DynamoDecisionStore(
    DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tables.decisions,
  );
});

const ctx = (at: string): IngestContext => ({
  customerId: 'acme',
  receivedAt: new Date(at),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

/** The events of one decision, as writes: the decision, its execution and two feedback events. */
function writes(id: string): SectionWrite[] {
  return [
    planDecision(
      sampleDecision({ decisionId: id, occurredAt: '2026-11-21T09:00:00Z' }) as never,
      ctx('2026-11-21T09:00:01Z'),
    ),
    planExecution(
      id,
      sampleExecution({ startedAt: '2026-11-21T09:00:02Z' }) as never,
      ctx('2026-11-21T09:00:10Z'),
    ),
    planFeedback(
      id,
      sampleFeedback({ humanVerified: undefined, isTrainingData: undefined }) as never,
      ctx('2026-11-21T09:01:00Z'),
    ),
    planFeedback(id, { schemaVersion: 1, humanVerified: true }, ctx('2026-11-21T10:00:00Z')),
  ];
}

const permutations = <T>(xs: T[]): T[][] =>
  xs.length <= 1
    ? [xs]
    : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));

describe('DynamoDecisionStore on DynamoDB Local', () => {
  it('stores the same record as the pure merge, for every order of the events, with a retry of each', async () => {
    for (const order of permutations([0, 1, 2, 3])) {
      // Prepare
      const id = randomUUID();
      const ws = writes(id);
      let model: DecisionItem | undefined;
      for (const w of ws) model = applySectionWrite(model, w).item;
      // Act: every event, then every event again (a client retry)
      const outcomes: string[] = [];
      for (const i of [...order, ...order]) outcomes.push(await store.write(ws[i] as SectionWrite));
      const stored = await store.get('acme', id);
      // Assess
      expect(outcomes).toEqual([...order.map(() => 'accepted'), ...order.map(() => 'duplicate')]);
      expect(toDecisionRecord(stored as DecisionItem)).toEqual(toDecisionRecord(model as DecisionItem));
      expect(stored?.version).toBe(4);
    }
  });

  it('answers conflict for other content under a written section, and limit past five feedback events', async () => {
    const id = randomUUID();
    const [decision] = writes(id);
    await store.write(decision as SectionWrite);
    const other = planDecision(
      sampleDecision({ decisionId: id, confidence: 0.1 }) as never,
      ctx('2026-11-21T09:00:01Z'),
    );
    expect(await store.write(other)).toBe('conflict');
    const feedback = Array.from({ length: 6 }, (_, i) =>
      planFeedback(id, { schemaVersion: 1, comment: `note ${i}` }, ctx('2026-11-21T11:00:00Z')),
    );
    const outcomes = [];
    for (const f of feedback) outcomes.push(await store.write(f));
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'limit']);
  });

  it('lets concurrent writers of the same new decision store it exactly once', async () => {
    const id = randomUUID();
    const [decision, execution] = writes(id);
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => store.write(decision as SectionWrite)),
      ...Array.from({ length: 5 }, () => store.write(execution as SectionWrite)),
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
        planDecision(sampleDecision({ decisionId: id, occurredAt, applianceId: 'appl-1' }) as never, tenant),
      );
      const status = i % 2 === 0 ? 'failed' : 'success';
      await store.write(planExecution(id, sampleExecution({ status }) as never, tenant));
    }
    const failed = ids.filter((_, i) => i % 2 === 0).reverse();

    // Act: pages of two, newest first
    const pages: DecisionItem[][] = [];
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
        toDecisionRecord((await store.get(tenant.customerId, item.decisionId)) as DecisionItem),
      );
    expect(
      listed.every(
        (i) => i.playbook !== undefined && (i.execution as { status: string }).status === 'failed',
      ),
    ).toBe(true);
  });
});
