import { describe, expect, it } from 'vitest';
import { timestreamConfig } from '#adapters/timestream/config';
import { classifyRejections } from '#adapters/timestream/rejections';

describe('timestreamConfig', () => {
  it('is undefined when the sink is not configured', () => {
    // Act / Assess
    expect(timestreamConfig({ AWS_REGION: 'eu-west-1' })).toBeUndefined();
    expect(timestreamConfig({ TIMESTREAM_DATABASE: '', TIMESTREAM_TABLE: '' })).toBeUndefined();
  });

  it('reads the database, table, region and an optional endpoint', () => {
    // Act
    const config = timestreamConfig({
      TIMESTREAM_DATABASE: 'aiops',
      TIMESTREAM_TABLE: 'heartbeats',
      AWS_REGION: 'eu-west-1',
      TIMESTREAM_ENDPOINT: 'http://127.0.0.1:9999',
    });
    // Assess
    expect(config).toEqual({
      database: 'aiops',
      table: 'heartbeats',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9999',
    });
  });

  it('names the missing or bad variable', () => {
    // Act / Assess
    expect(() => timestreamConfig({ TIMESTREAM_DATABASE: 'aiops' })).toThrow(/TIMESTREAM_TABLE: required/);
    expect(() => timestreamConfig({ TIMESTREAM_DATABASE: 'a b c', TIMESTREAM_TABLE: 'hb' })).toThrow(
      /TIMESTREAM_DATABASE: 3 to 256.*TIMESTREAM_TABLE: 3 to 256/,
    );
    expect(() =>
      timestreamConfig({
        TIMESTREAM_DATABASE: 'aiops',
        TIMESTREAM_TABLE: 'heartbeats',
        TIMESTREAM_ENDPOINT: 'localhost',
      }),
    ).toThrow(/TIMESTREAM_ENDPOINT/);
  });
});

describe('classifyRejections', () => {
  it('treats a point stored with the same or a newer version as a replay, anything else as a failure', () => {
    // Prepare
    const sourceIndexes = [100, 101, 102, 103];
    const versions = [5, 5, 5, 5];
    const rejected = [
      { RecordIndex: 0, Reason: 'conflict', ExistingVersion: 5 },
      { RecordIndex: 1, Reason: 'conflict', ExistingVersion: 9 },
      { RecordIndex: 2, Reason: 'conflict', ExistingVersion: 4 },
      { RecordIndex: 3, Reason: 'outside the ingestion window' },
    ];
    // Act
    const { replays, failures } = classifyRejections(rejected, sourceIndexes, versions);
    // Assess
    expect(replays.map((r) => [r.index, r.existingVersion])).toEqual([
      [100, 5],
      [101, 9],
    ]);
    expect(failures).toEqual([
      { index: 102, reason: 'conflict', version: 5, existingVersion: 4 },
      { index: 103, reason: 'outside the ingestion window', version: 5, existingVersion: undefined },
    ]);
  });
});
