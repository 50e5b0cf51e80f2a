import { randomBytes } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeDeadLetter, encodeDeadLetter, recordDeadLetter } from '#streams/record-dead-letters';

const record = (playbook: string): DynamoDBRecord => ({
  eventID: 'e1',
  eventName: 'INSERT',
  eventSourceARN:
    'arn:aws:dynamodb:eu-west-1:123456789012:table/aiops-decisions/stream/2026-01-01T00:00:00.000',
  dynamodb: {
    Keys: { pk: { S: 'acme#d1' } },
    NewImage: { pk: { S: 'acme#d1' }, playbook: { M: { yaml: { S: playbook } } }, query: { S: 'a\u0000b' } },
    SequenceNumber: '4200000000000000000001',
  },
});
const failure = { kind: 'data', code: '22021', message: 'invalid byte sequence' } as const;

describe('record dead letters as message bodies', () => {
  it('round-trips a letter as plain JSON when it fits', () => {
    // Prepare
    const letter = recordDeadLetter(
      'replica',
      record('- hosts: all\n'),
      failure,
      new Date('2026-11-21T10:00:00Z'),
    );

    // Act
    const body = encodeDeadLetter(letter, 10_000);

    // Assess
    expect(JSON.parse(body).record.dynamodb.SequenceNumber).toBe('4200000000000000000001');
    expect(decodeDeadLetter(body)).toEqual(letter);
  });

  it('gzips the record of a letter over the limit, and reads it back whole', () => {
    // Prepare: 300 KB of YAML-like text, compressible as a real playbook is
    const letter = recordDeadLetter('aggregator', record('  - name: task\n'.repeat(20_000)), failure);

    // Act
    const body = encodeDeadLetter(letter, 100_000);

    // Assess
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(100_000);
    expect(JSON.parse(body).record).toBeUndefined();
    expect(decodeDeadLetter(body)).toEqual(letter);
  });

  it('writes binary attributes as base64 text, as a Lambda event carries them, plain or gzipped', () => {
    // Prepare: a record as the SDK hands it over, its binary attribute as bytes
    const bytes = new Uint8Array([1, 27, 255, 0, 42]);
    const withBinary = record('  - name: task\n'.repeat(200));
    (withBinary.dynamodb?.NewImage as Record<string, unknown>).decisionZ = { B: bytes };
    const letter = recordDeadLetter('replica', withBinary, failure);

    // Act
    const plain = decodeDeadLetter(encodeDeadLetter(letter, 10_000));
    const small = encodeDeadLetter(letter, 2_000);
    const gzipped = decodeDeadLetter(small);

    // Assess
    expect(JSON.parse(small).record).toBeUndefined();
    for (const decoded of [plain, gzipped])
      expect(decoded?.record.dynamodb?.NewImage?.decisionZ).toEqual({
        B: Buffer.from(bytes).toString('base64'),
      });
  });

  it('refuses a letter that does not fit even compressed', () => {
    // Prepare: random bytes do not compress
    const letter = recordDeadLetter('replica', record(randomBytes(150_000).toString('base64')), failure);

    // Act / Assess
    expect(() => encodeDeadLetter(letter, 100_000)).toThrow(/does not fit/);
  });

  it.each([
    ['Lambda’s on-failure record', JSON.stringify({ requestContext: {}, DDBStreamBatchInfo: {} })],
    ['not JSON', 'oops'],
    ['another consumer', JSON.stringify({ type: 'aiops.stream-record-dead-letter', consumer: 'exporter' })],
    ['no record', JSON.stringify({ type: 'aiops.stream-record-dead-letter', consumer: 'replica' })],
  ])('reads nothing from %s', (_name, body) => {
    // Assess
    expect(decodeDeadLetter(body)).toBeUndefined();
  });
});
