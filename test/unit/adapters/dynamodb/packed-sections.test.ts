import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { decisionChange } from '#adapters/dynamodb/decision-stream';
import { DECISION_PACKED, EXECUTION_PACKED, unpackedItem } from '#adapters/dynamodb/packed-sections';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import { applySectionWrite, type SectionWrite } from '#adapters/dynamodb/section-write';
import { decisionWrite, executionWrite, feedbackWrite } from '../../domain/metrics/decision-writes.ts';

const itemOf = (...writes: SectionWrite[]): DecisionItem => {
  let item: DecisionItem | undefined;
  for (const w of writes) item = applySectionWrite(item, w).item;
  return item as DecisionItem;
};

/** The item as stored before the decision's and execution's members were packed. */
const oldLayout = (item: DecisionItem): DecisionItem => structuredClone(unpackedItem(item));

describe('packed members of a decisions-table item', () => {
  it('stores the decision’s members but the index-projected ones, and the execution, packed', () => {
    // Prepare
    const id = randomUUID();

    // Act
    const item = itemOf(decisionWrite(id), executionWrite(id));

    // Assess: what the list's filter expressions read stays plain; the rest is bytes
    expect(item).toMatchObject({ occurredAt: expect.any(String), confidence: 0.93 });
    expect(item[DECISION_PACKED]).toBeInstanceOf(Uint8Array);
    expect(item[EXECUTION_PACKED]).toBeInstanceOf(Uint8Array);
    for (const plain of ['query', 'playbook', 'llm', 'intent', 'execution'])
      expect(item).not.toHaveProperty(plain);
  });

  it('reads a packed item as the same record as the item stored the old way, fields in answer order', () => {
    // Prepare
    const id = randomUUID();
    const item = itemOf(decisionWrite(id), executionWrite(id), feedbackWrite(id, { rating: 'thumbs_down' }));
    const old = oldLayout(item);

    // Act
    const packed = recordedDecision(item);
    const unpacked = recordedDecision(old);

    // Assess
    expect(old).toMatchObject({ query: expect.any(String), execution: { status: 'success' } });
    expect(packed).toEqual(unpacked);
    expect(JSON.stringify(packed)).toBe(JSON.stringify(unpacked));
    expect(packed.decision?.fields.playbook).toMatchObject({
      type: 'dns',
      yaml: expect.stringContaining('nsupdate'),
    });
  });

  it('reads a stream image whose binary attributes come as base64 text, as a Lambda event carries them', () => {
    // Prepare: the image through JSON, as Lambda delivers it (binary values become base64 strings)
    const id = randomUUID();
    const before = itemOf(decisionWrite(id));
    const after = itemOf(decisionWrite(id), executionWrite(id));
    const record: DynamoDBRecord = JSON.parse(
      JSON.stringify(
        {
          eventName: 'MODIFY',
          dynamodb: { SequenceNumber: '7', OldImage: marshall(before), NewImage: marshall(after) },
        },
        (_k, v) =>
          v instanceof Uint8Array || v?.type === 'Buffer' ? Buffer.from(v.data ?? v).toString('base64') : v,
      ),
    );

    // Act
    const change = decisionChange(record);

    // Assess
    expect(typeof unmarshall(record.dynamodb?.NewImage as never)[DECISION_PACKED]).toBe('string');
    expect(change.before).toEqual(recordedDecision(before));
    expect(change.after).toEqual(recordedDecision(after));
  });

  it('refuses a packed attribute of an unknown format', () => {
    // Prepare
    const item = { ...itemOf(decisionWrite(randomUUID())), [DECISION_PACKED]: new Uint8Array([9, 1, 2]) };

    // Act / Assess
    expect(() => recordedDecision(item)).toThrow(/not a packed JSON attribute/);
  });
});
