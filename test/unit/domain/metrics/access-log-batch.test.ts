import { describe, expect, it } from 'vitest';
import { accessLogBatch, accessLogRecordId } from '#domain/metrics/access-log-batch';
import { formatAccessLogRecord } from '#domain/metrics/access-log-format';

const event = (id: string, fields: Record<string, string>) => ({
  id,
  timestamp: 1_700_000_000_000,
  message: formatAccessLogRecord(fields),
});
const ok = { routeKey: 'GET /health', httpMethod: 'GET', status: '200', latency: '12' };

describe('accessLogBatch', () => {
  it('keys each event by its log event id, namespaced apart from stream sequence numbers', () => {
    // Act
    const batch = accessLogBatch([event('111', ok), event('112', ok)]);

    // Assess
    expect(batch.records.map((r) => r.sequenceNumber)).toEqual(['access-log:111', 'access-log:112']);
    expect(accessLogRecordId('111')).toBe('access-log:111');
    expect(batch.records[0]?.increments.size).toBe(11);
  });

  it('keeps an event id repeated within one delivery once', () => {
    // Act
    const batch = accessLogBatch([event('1', ok), event('1', ok), event('2', ok)]);

    // Assess
    expect(batch.records).toHaveLength(2);
  });

  it('rejects unreadable lines with the reason and counts lines without latency as ignored', () => {
    // Act
    const batch = accessLogBatch([
      { id: 'bad', timestamp: 0, message: 'not json' },
      event('nolatency', { routeKey: 'GET /health', status: '200' }),
      event('good', ok),
    ]);

    // Assess
    expect(batch.rejected).toEqual([{ id: 'bad', reason: expect.stringMatching(/not JSON/) }]);
    expect(batch.ignored).toBe(1);
    expect(batch.records.map((r) => r.sequenceNumber)).toEqual(['access-log:good']);
  });
});
