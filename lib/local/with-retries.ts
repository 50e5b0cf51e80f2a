/**
 * Retrying a call with a doubling pause, as Lambda's asynchronous invocation does (two retries,
 * then the caller dead-letters) and as IoT's eventual consistency needs.
 */
import { retryDelayMs as doublingDelay } from './streams/failure-plan.ts';

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  readonly retryAttempts: number;
  /** Pause before the first retry, doubled before each next one. */
  readonly retryDelayMs: number;
  /** Whether an error may be retried. @default every error */
  readonly retryable?: (error: unknown) => boolean;
  /** Told before the pause of each retry; `attempt` is the attempt that just failed (1 for the first). */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Calls `call` until it resolves, at most `1 + retryAttempts` times, waiting `retryDelayMs`,
 * then twice that, and so on, between attempts; rejects with the last error once the retries are
 * used up, or at once with an error `retryable` refuses.
 * @example
 * await withRetries(() => deliver(batch), { retryAttempts: 2, retryDelayMs: 500 }); // waits 500, 1000
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      if (attempt > options.retryAttempts || !(options.retryable?.(e) ?? true)) throw e;
      options.onRetry?.(e, attempt);
      const pause = doublingDelay(attempt, options.retryDelayMs, Number.POSITIVE_INFINITY);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
