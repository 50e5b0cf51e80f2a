import { describe, expect, it } from 'vitest';
import type { HeartbeatEvent } from '#contract/heartbeat';
import { type BufferEntry, HeartbeatBuffer } from '#lib/agent/buffer';

const at = (n: number) => new Date(1_700_000_000_000 + n * 1000).toISOString();
const hb = (n: number): HeartbeatEvent => ({
  schemaVersion: 1,
  applianceId: 'a1',
  sentAt: at(n),
  cpuPercent: 1,
  memoryPercent: 2,
  diskPercent: 3,
  services: {},
  agentVersion: '1.0.0',
});
const sentAts = (b: HeartbeatBuffer) => b.ready().map((e) => e.heartbeat.sentAt);

describe('HeartbeatBuffer', () => {
  it('keeps the newest `capacity` heartbeats, oldest first, counting the dropped', () => {
    // Prepare
    const b = new HeartbeatBuffer(3);

    // Act
    for (let i = 0; i < 5; i++) b.push(hb(i));

    // Assess
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(2);
    expect(sentAts(b)).toEqual([at(2), at(3), at(4)]);
  });

  it('never drops an entry in flight when it must make room', () => {
    // Prepare
    const b = new HeartbeatBuffer(2);
    b.push(hb(0));
    b.push(hb(1));
    b.take(b.ready(1)[0] as BufferEntry);

    // Act
    b.push(hb(2));

    // Assess: hb(1) went, hb(0) (in flight) stayed
    expect(b.inFlight).toBe(1);
    expect(sentAts(b)).toEqual([at(2)]);
    expect(b.size).toBe(2);
  });

  it('lets an entry go only when delivered, and offers an undelivered one again', () => {
    // Prepare
    const b = new HeartbeatBuffer(10);
    b.push(hb(0));
    b.push(hb(1));
    const [first, second] = b.ready() as [BufferEntry, BufferEntry];

    // Act
    b.take(first);
    b.take(second);
    const whileInFlight = b.ready().length;
    b.settle(first, true);
    b.settle(second, false);

    // Assess
    expect(whileInFlight).toBe(0);
    expect(b.size).toBe(1);
    expect(sentAts(b)).toEqual([at(1)]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    // Assess
    expect(() => new HeartbeatBuffer(0)).toThrow(RangeError);
  });
});
