import { describe, expect, it } from 'vitest';
import { compareSequenceNumbers, parseSequenceNumber } from '#lib/local/streams/sequence-numbers';
import { readyShards } from '#lib/local/streams/shard-lineage';

describe('compareSequenceNumbers', () => {
  it('orders by value, not by text, across lengths and padding', () => {
    // Prepare
    const numbers = ['1000', '900', '000000000000000000042', '49668042663473427456123456789012345678901234'];

    // Act
    const sorted = [...numbers].sort(compareSequenceNumbers);

    // Assess
    expect(sorted).toEqual([
      '000000000000000000042',
      '900',
      '1000',
      '49668042663473427456123456789012345678901234',
    ]);
    expect(compareSequenceNumbers('0042', '42')).toBe(0);
  });

  it('refuses what is not a sequence number, naming it', () => {
    // Act / Assess
    expect(() => parseSequenceNumber('12a')).toThrow(/sequenceNumber.*"12a"/);
  });
});

describe('readyShards', () => {
  const lineage = [
    { shardId: 'root' },
    { shardId: 'left', parentShardId: 'root' },
    { shardId: 'right', parentShardId: 'root' },
    { shardId: 'grandchild', parentShardId: 'left' },
  ];

  it('starts only shards without a parent while the parent is unfinished', () => {
    // Act
    const ready = readyShards(lineage, new Set(), new Set());

    // Assess
    expect(ready).toEqual(['root']);
  });

  it('starts the children once the parent is finished, and not a shard already started', () => {
    // Act
    const ready = readyShards(lineage, new Set(['left']), new Set(['root']));

    // Assess
    expect(ready).toEqual(['right']);
  });

  it('starts a child whose parent is no longer listed (trimmed)', () => {
    // Act
    const ready = readyShards([{ shardId: 'orphan', parentShardId: 'gone' }], new Set(), new Set());

    // Assess
    expect(ready).toEqual(['orphan']);
  });

  it('never restarts a finished shard', () => {
    // Act
    const ready = readyShards(lineage, new Set(), new Set(['root', 'left', 'right', 'grandchild']));

    // Assess
    expect(ready).toEqual([]);
  });
});
