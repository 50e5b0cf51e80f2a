import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchOutcome } from '#lib/local/streams/batch-outcome';
import {
  bisectRecords,
  type PlannedBatch,
  planAfterOutcome,
  retryDelayMs,
} from '#lib/local/streams/failure-plan';

const error = new Error('boom');
const fresh = (records: number[], retriesLeft = 3): PlannedBatch<number> => ({
  records,
  retriesLeft,
  isRetry: false,
});

/** Runs the plan to the end for a handler that throws on `poison` (or reports it, Powertools style). */
const simulate = (
  size: number,
  poison: number,
  retries: number,
  bisect: boolean,
  mode: 'throw' | 'report',
) => {
  const queue = [
    fresh(
      Array.from({ length: size }, (_, i) => i),
      retries,
    ),
  ];
  const delivered: number[] = [];
  const givenUp: number[][] = [];
  let calls = 0;
  while (queue.length > 0) {
    const batch = queue.shift() as PlannedBatch<number>;
    calls += 1;
    const at = batch.records.indexOf(poison);
    let outcome: BatchOutcome = { kind: 'success' };
    if (at !== -1)
      outcome =
        mode === 'throw' ? { kind: 'error', error } : { kind: 'partial', firstFailedIndex: at, error };
    const plan = planAfterOutcome(batch, outcome, bisect);
    delivered.push(...batch.records.slice(0, plan.succeeded));
    if (plan.giveUp) givenUp.push([...plan.giveUp.records]);
    queue.unshift(...plan.next);
  }
  return { delivered, givenUp, calls };
};

describe('planAfterOutcome', () => {
  it('checkpoints the whole batch on success', () => {
    // Act
    const plan = planAfterOutcome(fresh([1, 2, 3]), { kind: 'success' }, true);

    // Assess
    expect(plan).toEqual({ succeeded: 3, next: [] });
  });

  it('splits a failed batch in halves that keep its retries (splitting uses none)', () => {
    // Act
    const plan = planAfterOutcome(fresh([1, 2, 3, 4, 5], 2), { kind: 'error', error }, true);

    // Assess
    expect(plan).toEqual({
      succeeded: 0,
      next: [
        { records: [1, 2, 3], retriesLeft: 2, isRetry: false },
        { records: [4, 5], retriesLeft: 2, isRetry: false },
      ],
    });
  });

  it('retries a single failing record with one retry less, then gives it up', () => {
    // Act
    const retried = planAfterOutcome(fresh([7], 1), { kind: 'error', error }, true);
    const exhausted = planAfterOutcome(
      { records: [7], retriesLeft: 0, isRetry: true },
      { kind: 'error', error },
      true,
    );

    // Assess
    expect(retried.next).toEqual([{ records: [7], retriesLeft: 0, isRetry: true }]);
    expect(exhausted).toEqual({ succeeded: 0, next: [], giveUp: { records: [7], error } });
  });

  it('retries the whole batch without bisect', () => {
    // Act
    const plan = planAfterOutcome(fresh([1, 2, 3], 3), { kind: 'error', error }, false);

    // Assess
    expect(plan.next).toEqual([{ records: [1, 2, 3], retriesLeft: 2, isRetry: true }]);
  });

  it('never runs out of retries with -1', () => {
    // Act
    const plan = planAfterOutcome(fresh([1], -1), { kind: 'error', error }, false);

    // Assess
    expect(plan.next).toEqual([{ records: [1], retriesLeft: -1, isRetry: true }]);
  });

  it('on a partial failure checkpoints the records before it and retries the rest of the batch', () => {
    // Act
    const plan = planAfterOutcome(
      fresh([1, 2, 3, 4], 3),
      { kind: 'partial', firstFailedIndex: 2, error },
      true,
    );

    // Assess
    expect(plan).toEqual({ succeeded: 2, next: [{ records: [3, 4], retriesLeft: 2, isRetry: true }] });
  });

  it('with bisect, isolates a record the handler throws on and delivers every other record exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        fc.integer({ min: 0, max: 4 }),
        (size, at, retries) => {
          // Prepare
          const poison = at % size;

          // Act
          const { delivered, givenUp } = simulate(size, poison, retries, true, 'throw');

          // Assess
          expect(delivered).toEqual(Array.from({ length: size }, (_, i) => i).filter((i) => i !== poison));
          expect(givenUp).toEqual([[poison]]);
        },
      ),
    );
  });

  it('with partial failures, gives up only the reported record and delivers every other at least once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        fc.integer({ min: 0, max: 4 }),
        (size, at, retries) => {
          // Prepare
          const poison = at % size;

          // Act
          const { delivered, givenUp } = simulate(size, poison, retries, true, 'report');

          // Assess
          expect([...new Set(delivered)]).toEqual(
            Array.from({ length: size }, (_, i) => i).filter((i) => i !== poison),
          );
          expect(delivered.slice(0, poison)).toEqual(Array.from({ length: poison }, (_, i) => i));
          expect(givenUp).toEqual([[poison]]);
        },
      ),
    );
  });

  it('without bisect, gives up the whole batch after 1 + maximumRetryAttempts calls', () => {
    // Act
    const { delivered, givenUp, calls } = simulate(10, 4, 3, false, 'throw');

    // Assess
    expect(delivered).toEqual([]);
    expect(givenUp).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(calls).toBe(4);
  });
});

describe('bisectRecords', () => {
  it('splits into halves, the first one larger when odd, and keeps the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 2, maxLength: 500 }), (records) => {
        // Act
        const [first, second] = bisectRecords(records);

        // Assess
        expect([...first, ...second]).toEqual(records);
        expect(first.length - second.length).toBeGreaterThanOrEqual(0);
        expect(first.length - second.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('refuses a batch of one record', () => {
    // Act / Assess
    expect(() => bisectRecords([1])).toThrow(/1 record/);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    // Act
    const delays = [1, 2, 3, 4, 10].map((attempt) => retryDelayMs(attempt, 100, 1_000));

    // Assess
    expect(delays).toEqual([100, 200, 400, 800, 1_000]);
  });
});
