import { afterEach, describe, expect, it, vi } from 'vitest';
import { withRetries } from '../../../lib/local/with-retries.ts';

describe('withRetries', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries 1 + retryAttempts times, pausing base, then twice base, then rejects with the last error', async () => {
    // Prepare
    vi.useFakeTimers();
    const calls: number[] = [];
    const retried: number[] = [];
    const started = Date.now();

    // Act
    const outcome = withRetries(
      async (attempt) => {
        calls.push(Date.now() - started);
        throw new Error(`failure ${attempt}`);
      },
      { retryAttempts: 2, retryDelayMs: 500, onRetry: (_e, attempt) => retried.push(attempt) },
    );
    const settled = expect(outcome).rejects.toThrow('failure 3');
    await vi.runAllTimersAsync();
    await settled;

    // Assess
    expect(calls).toEqual([0, 500, 1500]);
    expect(retried).toEqual([1, 2]);
  });

  it('answers the first success, and rethrows at once an error retryable refuses', async () => {
    // Prepare
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls++;
      if (calls < 2) throw new Error('busy');
      return 'done';
    };

    // Act
    const value = await withRetries(flaky, { retryAttempts: 4, retryDelayMs: 1 });
    const refused = withRetries(
      async () => {
        throw new Error('fatal');
      },
      { retryAttempts: 4, retryDelayMs: 1, retryable: (e) => (e as Error).message !== 'fatal' },
    );

    // Assess
    expect(value).toBe('done');
    expect(calls).toBe(2);
    await expect(refused).rejects.toThrow('fatal');
  });
});
