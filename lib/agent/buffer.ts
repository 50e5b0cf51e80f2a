import type { HeartbeatEvent } from '#contract/heartbeat';

/** One buffered heartbeat. */
export interface BufferEntry {
  readonly heartbeat: HeartbeatEvent;
  /** Handed to a transport and not yet settled. */
  inFlight: boolean;
}

/**
 * The agent's heartbeats not yet delivered, oldest first, at most `capacity`: a new one
 * beyond that drops the oldest not in flight (counted in `dropped`). An entry leaves only
 * when a transport confirmed it (PUBACK or an HTTP answer), so an outage mid-send loses
 * nothing; one sent twice is stored once (heartbeats are idempotent per appliance and `sentAt`).
 * @example const b = new HeartbeatBuffer(8640); b.push(hb); for (const e of b.ready()) send(e);
 */
export class HeartbeatBuffer {
  private readonly entries: BufferEntry[] = [];
  /** Heartbeats dropped because the buffer was full. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.length;
  }

  push(heartbeat: HeartbeatEvent): void {
    this.entries.push({ heartbeat, inFlight: false });
    while (this.entries.length > this.capacity) {
      const oldest = this.entries.findIndex((e) => !e.inFlight);
      this.entries.splice(oldest === -1 ? 0 : oldest, 1);
      this.dropped++;
    }
  }

  /** Entries to send now: not in flight, oldest first, at most `limit`. */
  ready(limit = Number.POSITIVE_INFINITY): BufferEntry[] {
    const out: BufferEntry[] = [];
    for (const e of this.entries) {
      if (out.length >= limit) break;
      if (!e.inFlight) out.push(e);
    }
    return out;
  }

  /** Entries handed to a transport and not yet settled. */
  get inFlight(): number {
    return this.entries.filter((e) => e.inFlight).length;
  }

  /** Marks an entry as being sent. */
  take(entry: BufferEntry): void {
    entry.inFlight = true;
  }

  /** Settles a send: delivered entries leave, others are sent again later. */
  settle(entry: BufferEntry, delivered: boolean): void {
    entry.inFlight = false;
    if (!delivered) return;
    const i = this.entries.indexOf(entry);
    if (i !== -1) this.entries.splice(i, 1);
  }
}
