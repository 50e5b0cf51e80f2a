import { describe, expect, it } from 'vitest';
import {
  errorResponse,
  message,
  query,
  ReadyForQueryTracker,
  readyForQuery,
  splitMessages,
  startupParameters,
} from '../../../lib/local/pglite-server/protocol.ts';

describe('PostgreSQL protocol pieces', () => {
  it('splits complete messages and keeps the incomplete tail', () => {
    // Prepare
    const q = query('SELECT 1');
    const input = Buffer.concat([q, message('S'), q.subarray(0, 3)]);
    // Act
    const { messages, rest } = splitMessages(input);
    // Assess
    expect(messages.map((m) => String.fromCharCode(m[0] as number))).toEqual(['Q', 'S']);
    expect(messages[0]?.subarray(5).toString()).toBe('SELECT 1\0');
    expect(rest).toEqual(q.subarray(0, 3));
  });

  it('tracks the last ReadyForQuery status across arbitrary chunk boundaries', () => {
    // Prepare
    const stream = Buffer.concat([
      message('D', Buffer.from('Z\0\0\0\x05I')), // a data row that looks like ReadyForQuery inside
      readyForQuery('T'),
      message('C', Buffer.from('SELECT 1\0')),
      readyForQuery('I'),
    ]);
    for (const size of [1, 2, 3, 7, stream.length]) {
      const tracker = new ReadyForQueryTracker();
      const seen: (string | undefined)[] = [];
      // Act
      for (let i = 0; i < stream.length; i += size) {
        tracker.push(stream.subarray(i, i + size));
        seen.push(tracker.status);
      }
      // Assess
      expect(tracker.status, `chunks of ${size}`).toBe('I');
      // the data row that looks like ReadyForQuery is not taken for one
      if (size < stream.length)
        expect(
          seen.find((s) => s !== undefined),
          `chunks of ${size}`,
        ).toBe('T');
    }
  });

  it('reads startup parameters and writes ErrorResponse fields', () => {
    // Act
    const params = startupParameters(Buffer.from('user\0postgres\0database\0postgres\0\0'));
    const error = errorResponse('FATAL', '28P01', 'bad password');
    // Assess
    expect(params).toEqual({ user: 'postgres', database: 'postgres' });
    expect(error.subarray(5).toString()).toBe('SFATAL\0VFATAL\0C28P01\0Mbad password\0\0');
    expect(error.readInt32BE(1)).toBe(error.length - 1);
  });
});
