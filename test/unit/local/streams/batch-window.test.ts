import { describe, expect, it } from 'vitest';
import { type BufferState, nextBufferStep } from '#lib/local/streams/batch-window';

const settings = { batchSize: 10, maximumBatchingWindowMs: 500, pollIntervalMs: 250 };
const state = (overrides: Partial<BufferState>): BufferState => ({
  buffered: 0,
  oldestReadAt: 1_000,
  now: 1_000,
  caughtUp: false,
  endOfShard: false,
  ...overrides,
});

describe('nextBufferStep', () => {
  it('invokes with a full batch at once, even inside the window', () => {
    // Act
    const step = nextBufferStep(state({ buffered: 25, caughtUp: true }), settings);

    // Assess
    expect(step).toEqual({ kind: 'invoke', count: 10 });
  });

  it('reads more while the shard has records and the window is open', () => {
    // Act
    const step = nextBufferStep(state({ buffered: 3, now: 1_100 }), settings);

    // Assess
    expect(step).toEqual({ kind: 'read' });
  });

  it('waits for the window when read to the end, at most one poll interval', () => {
    // Act
    const early = nextBufferStep(state({ buffered: 3, now: 1_100, caughtUp: true }), settings);
    const late = nextBufferStep(state({ buffered: 3, now: 1_400, caughtUp: true }), settings);

    // Assess
    expect(early).toEqual({ kind: 'wait', ms: 250 });
    expect(late).toEqual({ kind: 'wait', ms: 100 });
  });

  it('invokes with what it has once the window has passed since the oldest record was read', () => {
    // Act
    const step = nextBufferStep(state({ buffered: 3, now: 1_500 }), settings);

    // Assess
    expect(step).toEqual({ kind: 'invoke', count: 3 });
  });

  it('invokes at once with a zero window', () => {
    // Act
    const step = nextBufferStep(state({ buffered: 1 }), { ...settings, maximumBatchingWindowMs: 0 });

    // Assess
    expect(step).toEqual({ kind: 'invoke', count: 1 });
  });

  it('polls an empty shard every poll interval', () => {
    // Act
    const step = nextBufferStep(state({ caughtUp: true }), settings);

    // Assess
    expect(step).toEqual({ kind: 'wait', ms: 250 });
  });

  it('delivers the rest of a closed shard without waiting, then reports it finished', () => {
    // Act
    const rest = nextBufferStep(state({ buffered: 2, endOfShard: true }), settings);
    const done = nextBufferStep(state({ endOfShard: true }), settings);

    // Assess
    expect(rest).toEqual({ kind: 'invoke', count: 2 });
    expect(done).toEqual({ kind: 'finished' });
  });
});
