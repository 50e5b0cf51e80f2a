import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { decisionChange } from '#adapters/dynamodb/decision-stream';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import { applySectionWrite, type SectionWrite } from '#adapters/dynamodb/section-write';
import { decisionWrite, executionWrite, feedbackWrite } from '../../domain/metrics/decision-writes.ts';

/** The item after these writes, applied in order (what the table holds). */
function itemOf(...writes: SectionWrite[]): DecisionItem {
  let item: DecisionItem | undefined;
  for (const w of writes) item = applySectionWrite(item, w).item;
  return item as DecisionItem;
}

/** A stream record (NEW_AND_OLD_IMAGES) of a change from `before` to `after`. */
const streamRecord = (before?: DecisionItem, after?: DecisionItem): DynamoDBRecord => ({
  eventName: before ? (after ? 'MODIFY' : 'REMOVE') : 'INSERT',
  dynamodb: {
    SequenceNumber: '42',
    ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) as never } : {}),
    ...(after ? { NewImage: marshall(after, { removeUndefinedValues: true }) as never } : {}),
  },
});

describe('recordedDecision: a decisions-table item in domain terms', () => {
  it('gives each arrived event its fields, arrival and redactions, and no keys, hashes or guards', () => {
    // Prepare
    const id = randomUUID();
    const item = itemOf(
      decisionWrite(id, { query: 'add a record; token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' }),
      executionWrite(id),
      feedbackWrite(id, { rating: 'thumbs_up' }),
    );

    // Act
    const recorded = recordedDecision(item);

    // Assess
    expect(recorded).toMatchObject({ customerId: 'acme', decisionId: id, version: 3 });
    expect(recorded.decision?.fields).toMatchObject({ applianceId: expect.any(String), confidence: 0.93 });
    expect(recorded.decision?.receivedAt).toBe('2026-11-21T10:00:00.000Z');
    expect(recorded.decision?.redactions).toEqual(['jwt']);
    expect(recorded.execution?.fields).toMatchObject({ status: 'success' });
    expect(recorded.feedback).toEqual([
      { id: expect.any(String), fields: { rating: 'thumbs_up' }, receivedAt: '2026-11-21T10:02:00.000Z' },
    ]);
    const everything = JSON.stringify(recorded);
    for (const storageName of ['pk', 'tsk', 'decisionHash', 'applianceKey', 'feedbackCount', 'fb_'])
      expect(everything).not.toContain(`"${storageName}`);
  });

  it('leaves out the events that have not arrived', () => {
    // Prepare
    const id = randomUUID();

    // Act
    const recorded = recordedDecision(itemOf(executionWrite(id)));

    // Assess
    expect(recorded.decision).toBeUndefined();
    expect(recorded.execution).toBeDefined();
    expect(recorded.feedback).toEqual([]);
  });
});

describe('decisionChange: a stream record as a change of a recorded decision', () => {
  it('maps the old and new images to the records before and after', () => {
    // Prepare
    const id = randomUUID();
    const before = itemOf(decisionWrite(id));
    const after = itemOf(decisionWrite(id), executionWrite(id));

    // Act
    const change = decisionChange(streamRecord(before, after));

    // Assess
    expect(change.sequenceNumber).toBe('42');
    expect(change.before).toEqual(recordedDecision(before));
    expect(change.after).toEqual(recordedDecision(after));
  });

  it('has nothing after a deletion by expiry', () => {
    // Prepare
    const before = itemOf(decisionWrite(randomUUID()));

    // Act
    const change = decisionChange(streamRecord(before, undefined));

    // Assess
    expect(change.after).toBeUndefined();
    expect(change.before?.decisionId).toBe(before.decisionId);
  });
});
